#include "jobrec/store/account_repo.h"

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

std::string Interval(std::chrono::seconds s) { return absl::StrCat(s.count(), " seconds"); }

}  // namespace

absl::StatusOr<int64_t> AccountRepo::CreateUser(const std::string& email,
                                                const std::string& password_hash) {
  int64_t id = 0;
  absl::Status status = RunTransaction(db_, AsAnonymous("account.CreateUser"), [&](pqxx::work& tx) {
    id = tx.exec_params1("SELECT auth_signup($1, $2)", email, password_hash)[0].as<int64_t>();
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(status)) {
    return common::WithField(absl::AlreadyExistsError("an account with this email already exists"), "email");
  }
  if (!status.ok()) return status;
  return id;
}

absl::StatusOr<std::optional<LoginRecord>> AccountRepo::FindLogin(const std::string& email) {
  std::optional<LoginRecord> found;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsAnonymous("account.FindLogin"), [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT user_id, password_hash FROM auth_login_lookup($1)", email);
    if (!rows.empty()) found = LoginRecord{rows[0][0].as<int64_t>(), rows[0][1].as<std::string>()};
    return absl::OkStatus();
  }));
  return found;
}

absl::Status AccountRepo::CreateSession(int64_t user_id, const std::string& token_hash,
                                        const std::string& csrf_hash, const std::string& kind,
                                        std::chrono::seconds ttl) {
  return RunTransaction(db_, AsAnonymous("account.CreateSession"), [&](pqxx::work& tx) {
    std::optional<std::string> csrf;
    if (!csrf_hash.empty()) csrf = csrf_hash;
    tx.exec_params("SELECT auth_session_create($1, $2, $3, $4, $5::interval)", user_id, token_hash,
                   csrf, kind, Interval(ttl));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<SessionRecord>> AccountRepo::ResolveSession(
    const std::string& token_hash, std::chrono::seconds ttl) {
  std::optional<SessionRecord> found;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsAnonymous("account.ResolveSession"), [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "SELECT user_id, email, is_admin, kind, coalesce(csrf_hash, '') "
        "FROM auth_session_resolve($1, $2::interval)",
        token_hash, Interval(ttl));
    if (!rows.empty()) {
      const auto& r = rows[0];
      found = SessionRecord{{r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<bool>()},
                            r[3].as<std::string>(), r[4].as<std::string>()};
    }
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<bool> AccountRepo::RevokeSession(int64_t user_id, const std::string& token_hash) {
  bool revoked = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "account.RevokeSession"), [&](pqxx::work& tx) {
    revoked = tx.exec_params1("SELECT session_revoke($1)", token_hash)[0].as<bool>();
    return absl::OkStatus();
  }));
  return revoked;
}

absl::StatusOr<UserRecord> AccountRepo::GetMe(int64_t user_id) {
  std::optional<UserRecord> user;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "account.GetMe", true), [&](pqxx::work& tx) {
    auto rows = tx.exec("SELECT id, email, is_admin FROM me()");
    if (!rows.empty()) {
      user = UserRecord{rows[0][0].as<int64_t>(), rows[0][1].as<std::string>(), rows[0][2].as<bool>()};
    }
    return absl::OkStatus();
  }));
  if (!user) return absl::NotFoundError("the account no longer exists");
  return *user;
}

absl::StatusOr<std::optional<std::string>> AccountRepo::CreatePasswordReset(
    const std::string& email, const std::string& token_hash, std::chrono::seconds ttl) {
  std::optional<std::string> stored;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsAnonymous("account.CreatePasswordReset"), [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT email FROM auth_password_reset_create($1, $2, $3::interval)",
                               email, token_hash, Interval(ttl));
    if (!rows.empty()) stored = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<std::optional<int64_t>> AccountRepo::ConfirmPasswordReset(
    const std::string& token_hash, const std::string& password_hash) {
  std::optional<int64_t> user_id;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsAnonymous("account.ConfirmPasswordReset"), [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT user_id FROM auth_password_reset_confirm($1, $2)", token_hash,
                               password_hash);
    if (!rows.empty()) user_id = rows[0][0].as<int64_t>();
    return absl::OkStatus();
  }));
  return user_id;
}

absl::StatusOr<int> AccountRepo::RateLimitHit(const std::string& bucket, std::chrono::seconds window,
                                              int max_hits) {
  int retry_after = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsAnonymous("account.RateLimitHit"), [&](pqxx::work& tx) {
    retry_after = tx.exec_params1("SELECT auth_rate_limit_hit($1, $2::interval, $3)", bucket,
                                  Interval(window), max_hits)[0]
                      .as<int>();
    return absl::OkStatus();
  }));
  return retry_after;
}

absl::Status AccountRepo::GrantAdmin(const std::string& email) {
  return RunTransaction(db_, {.name = "account.GrantAdmin"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params("UPDATE users SET is_admin = true WHERE lower(email) = lower($1) RETURNING id", email);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no account with the email ", email));
    return absl::OkStatus();
  });
}

}  // namespace jobrec::store
