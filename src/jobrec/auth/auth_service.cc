#include "jobrec/auth/auth_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/auth/email.h"
#include "jobrec/auth/password.h"
#include "jobrec/auth/token.h"
#include "jobrec/common/log.h"

namespace jobrec::auth {
namespace {

std::vector<common::ConfigKey> RateLimitKeys(const std::string& name, const RateLimit& defaults,
                                             const std::string& what) {
  using common::ConfigType;
  return {
      {.name = "auth." + name + "_max", .type = ConfigType::kInt,
       .default_value = std::to_string(defaults.max_hits),
       .help = what + ": attempts allowed per window", .min = 1, .max = 1e6},
      {.name = "auth." + name + "_window", .type = ConfigType::kDuration,
       .default_value = std::to_string(defaults.window.count()) + "s",
       .help = what + ": window length", .min = 1, .max = 86400},
  };
}

RateLimit ReadRateLimit(const common::Config& config, const std::string& name) {
  return {static_cast<int>(config.GetInt("auth." + name + "_max")),
          std::chrono::duration_cast<std::chrono::seconds>(config.GetDuration("auth." + name + "_window"))};
}

std::string Lower(std::string s) { return absl::AsciiStrToLower(s); }

}  // namespace

std::vector<common::ConfigKey> AuthConfigKeys() {
  using common::ConfigType;
  AuthOptions d;
  std::vector<common::ConfigKey> keys = {
      {.name = "auth.session_ttl", .type = ConfigType::kDuration, .default_value = "14d",
       .help = "idle time after which a session expires (sliding)", .min = 60, .max = 366 * 86400},
      {.name = "auth.reset_ttl", .type = ConfigType::kDuration, .default_value = "30m",
       .help = "validity of a password-reset link", .min = 60, .max = 86400},
      {.name = "auth.public_url", .type = ConfigType::kString, .default_value = d.public_url,
       .help = "public base URL of the web app, for links in mails"},
  };
  for (auto more : {RateLimitKeys("login_per_ip", d.login_per_ip, "login per client IP"),
                    RateLimitKeys("login_per_account", d.login_per_account, "login per account"),
                    RateLimitKeys("signup_per_ip", d.signup_per_ip, "sign-up per client IP"),
                    RateLimitKeys("reset_per_ip", d.reset_per_ip, "password reset per client IP"),
                    RateLimitKeys("reset_per_account", d.reset_per_account, "password reset per account"),
                    SmtpConfigKeys()}) {
    keys.insert(keys.end(), more.begin(), more.end());
  }
  return keys;
}

AuthOptions AuthOptionsFromConfig(const common::Config& config) {
  AuthOptions o;
  o.session_ttl = std::chrono::duration_cast<std::chrono::seconds>(config.GetDuration("auth.session_ttl"));
  o.reset_ttl = std::chrono::duration_cast<std::chrono::seconds>(config.GetDuration("auth.reset_ttl"));
  o.public_url = config.GetString("auth.public_url");
  o.login_per_ip = ReadRateLimit(config, "login_per_ip");
  o.login_per_account = ReadRateLimit(config, "login_per_account");
  o.signup_per_ip = ReadRateLimit(config, "signup_per_ip");
  o.reset_per_ip = ReadRateLimit(config, "reset_per_ip");
  o.reset_per_account = ReadRateLimit(config, "reset_per_account");
  return o;
}

AuthService::AuthService(store::Database& db, AuthOptions options, std::unique_ptr<Mailer> mailer)
    : accounts_(db), options_(std::move(options)), mailer_(std::move(mailer)) {}

absl::Status AuthService::Limit(const std::string& kind, const std::string& key, const RateLimit& limit) {
  JOBREC_ASSIGN_OR_RETURN(int retry_after,
                          accounts_.RateLimitHit(kind + ":" + key, limit.window, limit.max_hits));
  if (retry_after > 0) {
    log::Warn("rate_limited", {{"limit", kind}});  // the key is an IP or an email: not logged
    return common::RateLimited("too many attempts; try again later", retry_after);
  }
  return absl::OkStatus();
}

absl::StatusOr<store::UserRecord> AuthService::Signup(const std::string& raw_email,
                                                      const std::string& password,
                                                      const std::string& client_ip) {
  JOBREC_RETURN_IF_ERROR(Limit("signup:ip", client_ip, options_.signup_per_ip));
  JOBREC_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(raw_email));
  JOBREC_RETURN_IF_ERROR(CheckPasswordPolicy(password, email));
  JOBREC_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  JOBREC_ASSIGN_OR_RETURN(int64_t id, accounts_.CreateUser(email, hash));
  log::Info("user_signed_up", {{"user_id", id}});
  return store::UserRecord{id, email, false};
}

absl::StatusOr<LoginResult> AuthService::Login(const std::string& raw_email, const std::string& password,
                                               const std::string& client_ip) {
  JOBREC_RETURN_IF_ERROR(Limit("login:ip", client_ip, options_.login_per_ip));
  auto email = NormalizeEmail(raw_email);
  if (!email.ok()) return email.status();
  JOBREC_RETURN_IF_ERROR(Limit("login:account", Lower(*email), options_.login_per_account));
  if (password.size() > kMaxPasswordBytes) {
    return common::InvalidField("password", "the password is too long");
  }
  JOBREC_ASSIGN_OR_RETURN(auto login, accounts_.FindLogin(*email));
  // Verify against a dummy hash for unknown accounts: same time, no enumeration by timing.
  bool ok = VerifyPassword(password, login ? login->password_hash : DummyPasswordHash());
  if (!login || !ok) {
    log::Info("login_failed", {});
    return absl::UnauthenticatedError("wrong email or password");
  }
  LoginResult result;
  result.token = NewToken();
  result.csrf_token = NewToken();
  JOBREC_RETURN_IF_ERROR(accounts_.CreateSession(login->user_id, HashToken(result.token),
                                                 HashToken(result.csrf_token), "cookie",
                                                 options_.session_ttl));
  JOBREC_ASSIGN_OR_RETURN(result.user, accounts_.GetMe(login->user_id));
  log::Info("login", {{"user_id", login->user_id}});
  return result;
}

absl::Status AuthService::Logout(const AuthenticatedUser& user) {
  JOBREC_ASSIGN_OR_RETURN(bool revoked, accounts_.RevokeSession(user.id, user.token_hash));
  log::Info("logout", {{"user_id", user.id}, {"revoked", revoked}});
  return absl::OkStatus();
}

absl::StatusOr<AuthenticatedUser> AuthService::Authenticate(
    const std::optional<std::string>& bearer_token, const std::optional<std::string>& cookie_token) {
  const std::optional<std::string>& token = bearer_token ? bearer_token : cookie_token;
  if (!token || token->empty()) return absl::UnauthenticatedError("sign in first");
  if (token->size() > 128) return absl::UnauthenticatedError("the session is not valid; sign in again");
  std::string token_hash = HashToken(*token);
  JOBREC_ASSIGN_OR_RETURN(auto session, accounts_.ResolveSession(token_hash, options_.session_ttl));
  if (!session) return absl::UnauthenticatedError("the session has expired or was revoked; sign in again");
  AuthenticatedUser user;
  user.id = session->user.id;
  user.email = session->user.email;
  user.is_admin = session->user.is_admin;
  user.via_cookie = !bearer_token.has_value();
  user.token_hash = std::move(token_hash);
  user.csrf_hash = session->csrf_hash;
  return user;
}

absl::Status AuthService::CheckCsrf(const AuthenticatedUser& user,
                                    const std::optional<std::string>& header) const {
  if (!user.via_cookie) return absl::OkStatus();
  if (!header || header->empty() || user.csrf_hash.empty() ||
      !ConstantTimeEquals(HashToken(*header), user.csrf_hash)) {
    return absl::PermissionDeniedError("missing or wrong X-CSRF-Token header");
  }
  return absl::OkStatus();
}

absl::Status AuthService::RequestPasswordReset(const std::string& raw_email, const std::string& client_ip) {
  JOBREC_RETURN_IF_ERROR(Limit("reset:ip", client_ip, options_.reset_per_ip));
  JOBREC_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(raw_email));
  JOBREC_RETURN_IF_ERROR(Limit("reset:account", Lower(email), options_.reset_per_account));
  std::string token = NewToken();
  JOBREC_ASSIGN_OR_RETURN(auto stored_email,
                          accounts_.CreatePasswordReset(email, HashToken(token), options_.reset_ttl));
  if (!stored_email) return absl::OkStatus();  // same answer as for a real account
  MailMessage mail;
  mail.to = *stored_email;
  mail.subject = "Reset your jobrec password";
  mail.body = absl::StrCat(
      "Someone (hopefully you) asked to reset the password of your jobrec account.\n\n",
      "Open this link within ", options_.reset_ttl.count() / 60, " minutes to choose a new password:\n",
      options_.public_url, "/reset-password?token=", token,
      "\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n");
  absl::Status sent = mailer_->Send(mail);
  if (!sent.ok()) {
    // The client still gets 202: telling it would reveal that the account exists.
    log::Error("password_reset_mail_failed", {{"error", std::string(sent.message())}});
  }
  return absl::OkStatus();
}

absl::Status AuthService::ConfirmPasswordReset(const std::string& token, const std::string& password) {
  if (token.empty() || token.size() > 128) {
    return common::InvalidField("token", "this reset link is not valid; ask for a new one");
  }
  JOBREC_RETURN_IF_ERROR(CheckPasswordPolicy(password, ""));
  JOBREC_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  JOBREC_ASSIGN_OR_RETURN(auto user_id, accounts_.ConfirmPasswordReset(HashToken(token), hash));
  if (!user_id) {
    return common::InvalidField("token", "this reset link has expired or was already used; ask for a new one");
  }
  log::Info("password_reset", {{"user_id", *user_id}});
  return absl::OkStatus();
}

}  // namespace jobrec::auth
