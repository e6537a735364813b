// Who is making a request, as established by the Authenticator (see middleware.h).
#pragma once

#include <string>

namespace jobrec::api {

struct Principal {
  // How the credentials arrived. CSRF checks apply only to cookie sessions: a browser attaches
  // cookies to cross-site requests on its own, but never a bearer token.
  enum class Via { kSessionCookie, kBearerToken };

  std::string user_id;
  Via via = Via::kBearerToken;
  std::string email;
  bool is_admin = false;
  // Hashes of the session's token and CSRF token, for logout and the CSRF check.
  std::string session_token_hash;
  std::string csrf_hash;
};

}  // namespace jobrec::api
