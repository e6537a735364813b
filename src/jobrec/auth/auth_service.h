// Sign-up, login, logout, session checks, CSRF and password reset: the domain functions behind
// /api/v1/auth/* and the authenticator every protected route uses.
//
// Sessions: login creates one session whose random token is both the HttpOnly cookie and the
// `access_token` returned for Authorization: Bearer clients; the database keeps only its hash.
// A request authenticated by the cookie must also carry X-CSRF-Token (the login's CSRF token,
// also stored hashed) on state-changing methods; a bearer request needs none, since browsers
// never attach Authorization headers on their own.
//
// Thread-safe: stateless over the database.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/auth/mailer.h"
#include "jobrec/common/config.h"
#include "jobrec/common/status.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/database.h"

namespace jobrec::auth {

struct RateLimit {
  int max_hits = 10;
  std::chrono::seconds window{3600};
};

struct AuthOptions {
  std::chrono::seconds session_ttl{14 * 24 * 3600};  // sliding
  std::chrono::seconds reset_ttl{30 * 60};
  std::string public_url = "http://127.0.0.1:8080";  // base of the mailed reset link
  RateLimit login_per_ip{30, std::chrono::seconds(900)};
  RateLimit login_per_account{10, std::chrono::seconds(900)};
  RateLimit signup_per_ip{10, std::chrono::seconds(3600)};
  RateLimit reset_per_ip{10, std::chrono::seconds(3600)};
  RateLimit reset_per_account{3, std::chrono::seconds(3600)};
};

// auth.* keys (session_ttl, reset_ttl, public_url, the rate limits) plus smtp.*.
std::vector<common::ConfigKey> AuthConfigKeys();
AuthOptions AuthOptionsFromConfig(const common::Config& config);

struct AuthenticatedUser {
  int64_t id = 0;
  std::string email;
  bool is_admin = false;
  bool via_cookie = false;
  std::string token_hash;  // of the session used, for logout
  std::string csrf_hash;   // of the session's CSRF token ("" for bearer sessions)
};

struct LoginResult {
  store::UserRecord user;
  std::string token;       // the session token: cookie value and access_token
  std::string csrf_token;  // for the readable CSRF cookie / X-CSRF-Token header
};

class AuthService {
 public:
  AuthService(store::Database& db, AuthOptions options, std::unique_ptr<Mailer> mailer);

  // InvalidArgument naming "email" or "password"; AlreadyExists (field "email") when taken;
  // ResourceExhausted with a retry delay when the per-IP limit is reached.
  absl::StatusOr<store::UserRecord> Signup(const std::string& email, const std::string& password,
                                           const std::string& client_ip);
  // Unauthenticated "wrong email or password" for both an unknown email and a wrong password
  // (same work either way); ResourceExhausted when a limit is reached.
  absl::StatusOr<LoginResult> Login(const std::string& email, const std::string& password,
                                    const std::string& client_ip);
  absl::Status Logout(const AuthenticatedUser& user);

  // From the bearer token (preferred when both are present) or the session cookie.
  // Unauthenticated when neither is present, or the session is unknown, expired or revoked.
  absl::StatusOr<AuthenticatedUser> Authenticate(const std::optional<std::string>& bearer_token,
                                                 const std::optional<std::string>& cookie_token);
  // PermissionDenied unless a cookie-authenticated request carries the session's CSRF token.
  absl::Status CheckCsrf(const AuthenticatedUser& user, const std::optional<std::string>& header) const;

  // Always OK for a well-formed email (no account enumeration) unless rate-limited; mails a
  // single-use link valid for reset_ttl when the account exists.
  absl::Status RequestPasswordReset(const std::string& email, const std::string& client_ip);
  // InvalidArgument (field "token") for an unknown, used or expired token; (field "password")
  // for a weak password. Revokes every session of the account.
  absl::Status ConfirmPasswordReset(const std::string& token, const std::string& password);

  store::AccountRepo& accounts() { return accounts_; }

 private:
  absl::Status Limit(const std::string& kind, const std::string& key, const RateLimit& limit);

  store::AccountRepo accounts_;
  AuthOptions options_;
  std::unique_ptr<Mailer> mailer_;
};

}  // namespace jobrec::auth
