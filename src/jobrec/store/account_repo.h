// Accounts, sessions, password resets and rate-limit counters, through the SQL functions of
// sql/migrations/0020_accounts.sql. Every call runs as the API role (row-level security on);
// tokens arrive here already hashed. Thread-safe (stateless over a shared Database).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct UserRecord {
  int64_t id = 0;
  std::string email;
  bool is_admin = false;
};

struct LoginRecord {
  int64_t user_id = 0;
  std::string password_hash;
};

struct SessionRecord {
  UserRecord user;
  std::string kind;       // "cookie" | "bearer"
  std::string csrf_hash;  // "" for bearer-only sessions
};

class AccountRepo {
 public:
  explicit AccountRepo(Database& db) : db_(db) {}

  // AlreadyExists (field "email") when the address is taken, whatever its case.
  absl::StatusOr<int64_t> CreateUser(const std::string& email, const std::string& password_hash);
  // nullopt for an unknown email.
  absl::StatusOr<std::optional<LoginRecord>> FindLogin(const std::string& email);
  absl::Status CreateSession(int64_t user_id, const std::string& token_hash,
                             const std::string& csrf_hash, const std::string& kind,
                             std::chrono::seconds ttl);
  // nullopt when the token is unknown, expired or revoked. Slides the expiry.
  absl::StatusOr<std::optional<SessionRecord>> ResolveSession(const std::string& token_hash,
                                                              std::chrono::seconds ttl);
  // Revokes the caller's own session; false when it was not live.
  absl::StatusOr<bool> RevokeSession(int64_t user_id, const std::string& token_hash);
  // The caller's own account (through RLS). NotFound if it vanished.
  absl::StatusOr<UserRecord> GetMe(int64_t user_id);
  // The stored email when an account exists (a token is recorded for it), else nullopt.
  absl::StatusOr<std::optional<std::string>> CreatePasswordReset(const std::string& email,
                                                                 const std::string& token_hash,
                                                                 std::chrono::seconds ttl);
  // The user id when the token was live (now used; password set; sessions revoked).
  absl::StatusOr<std::optional<int64_t>> ConfirmPasswordReset(const std::string& token_hash,
                                                              const std::string& password_hash);
  // Counts a hit; returns 0 when allowed, else seconds until the window ends.
  absl::StatusOr<int> RateLimitHit(const std::string& bucket, std::chrono::seconds window,
                                   int max_hits);
  // Owner-level operation for `jobrec admin grant`: NotFound when no such account.
  absl::Status GrantAdmin(const std::string& email);

 private:
  Database& db_;
};

}  // namespace jobrec::store
