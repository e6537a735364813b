// How a request's statements run as the caller: the non-owner role jobrec_api with the caller's
// user id set for the transaction, so row-level security decides which rows exist
// (sql/migrations/0020_accounts.sql). Store-internal.
#pragma once

#include <cstdint>
#include <string>

#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {

inline constexpr char kApiRole[] = "jobrec_api";
inline constexpr char kAdminRole[] = "jobrec_admin";

// Transaction options for statements on behalf of `user_id`.
inline TxOptions AsUser(int64_t user_id, std::string name, bool read_only = false) {
  TxOptions options;
  options.name = std::move(name);
  options.role = kApiRole;
  options.read_only = read_only;
  options.settings = {{"jobrec.user_id", std::to_string(user_id)}};
  return options;
}

// Transaction options for the steps before a user is known (the auth_* definer functions).
inline TxOptions AsAnonymous(std::string name) {
  TxOptions options;
  options.name = std::move(name);
  options.role = kApiRole;
  return options;
}

}  // namespace jobrec::store
