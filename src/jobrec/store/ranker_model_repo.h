// The learned ranker's stored models (sql/migrations/0052_ranker.sql): the global model and one
// per user, each with the fastText model version its features were computed with. The task
// feedback.train_ranker writes them as the service role; GetUser reads as the user (row-level
// security), GetGlobal as anyone.
//
// Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct StoredRankerModel {
  std::string model_version;  // the fastText model version of the features
  nlohmann::json model;       // feedback::RankerModelToJson
  int ratings_used = 0;
  int64_t trained_at_micros = 0;  // ignored by Put (the database's clock)
};

class RankerModelRepo {
 public:
  explicit RankerModelRepo(Database& db) : db_(db) {}

  // nullopt until a global model was stored.
  absl::StatusOr<std::optional<StoredRankerModel>> GetGlobal();
  // The user's model, as the user; nullopt when there is none.
  absl::StatusOr<std::optional<StoredRankerModel>> GetUser(int64_t user_id);
  // Inserts or replaces. Service role.
  absl::Status PutGlobal(const StoredRankerModel& model);
  absl::Status PutUser(int64_t user_id, const StoredRankerModel& model);
  // Users with at least one review that has a score or "not interested", by id. Service role.
  absl::StatusOr<std::vector<int64_t>> UsersWithRatings();

 private:
  Database& db_;
};

}  // namespace jobrec::store
