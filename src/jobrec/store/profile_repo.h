// The caller's profile, stored as validated JSON with a version bumped on every save, through
// the SQL functions profile_get() / profile_put() under row-level security. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct StoredProfile {
  int version = 0;
  nlohmann::json data;
};

class ProfileRepo {
 public:
  explicit ProfileRepo(Database& db) : db_(db) {}
  // nullopt when the user never saved a profile.
  absl::StatusOr<std::optional<StoredProfile>> Get(int64_t user_id);
  // Saves and returns the new version.
  absl::StatusOr<int> Put(int64_t user_id, const nlohmann::json& data);

 private:
  Database& db_;
};

}  // namespace jobrec::store
