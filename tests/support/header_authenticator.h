// An authenticator for API tests that trusts a header: "X-Test-User: 7" signs in user 7,
// "X-Test-User: 7 admin" an administrator; no header is anonymous. Header-only, so tests that
// link jobrec::api use it without a new library.
#pragma once

#include <string>

#include "jobrec/api/router.h"

namespace jobrec::testing {

class HeaderAuthenticator : public api::Authenticator {
 public:
  absl::StatusOr<api::Principal> Authenticate(const api::Request& request) const override {
    const auto user = request.Header("X-Test-User");
    if (!user) return absl::UnauthenticatedError("sign in");
    api::Principal principal;
    principal.user_id = user->substr(0, user->find(' '));
    principal.is_admin = user->find(" admin") != std::string::npos;
    return principal;
  }
};

}  // namespace jobrec::testing
