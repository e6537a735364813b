// Users made straight in the test database, for tests that authenticate with a test header
// (header_authenticator.h) instead of signing up. Header-only.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/support/test_database.h"

namespace jobrec::testing {

// Inserts a user with a placeholder password hash (nobody can log in as it); returns its id,
// or 0 with a test failure when the insert fails.
inline int64_t AddTestUser(TestDatabase& db, const std::string& email) {
  return db.QueryInt(absl::StrCat("INSERT INTO users (email, password_hash) VALUES ('", email,
                                  "', '$argon2id$test') RETURNING id"));
}

}  // namespace jobrec::testing
