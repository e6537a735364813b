// The LLM's ideal postings per (user, profile version) (sql/migrations/0041_llm_generated.sql)
// and the task kind that generates them (tasks/ideal_postings_task.h).
//
// Two audiences: the recommendation path reads the caller's rows as jobrec_api under row-level
// security (Current); the task reads the profile version and writes as the owner role, naming
// the user in every statement (Exists / ProfileData / Insert). Thread-safe: each call is one
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::store {

// Payload {"user_id": N, "profile_version": V}. Its dedupe key makes a second save of the same
// version while the task is pending return the pending task.
inline constexpr char kIdealPostingsTaskKind[] = "llm.ideal_postings";
NewTask IdealPostingsTask(int64_t user_id, int profile_version);

struct StoredIdealPostings {
  int64_t user_id = 0;
  int profile_version = 0;
  std::string model;
  std::string prompt_version;
  std::vector<std::string> texts;
};

class IdealPostingsRepo {
 public:
  explicit IdealPostingsRepo(Database& db) : db_(db) {}

  // --- as the user (jobrec_api, row-level security) ---
  // The rows of the user's current profile version; nullopt when there are none (no LLM, the
  // switch off, the task not run yet, or no profile).
  absl::StatusOr<std::optional<StoredIdealPostings>> Current(int64_t user_id);

  // --- the task, as the owner ---
  absl::StatusOr<bool> Exists(int64_t user_id, int profile_version);
  // The profile JSON of that version; nullopt when the user or version is gone.
  absl::StatusOr<std::optional<nlohmann::json>> ProfileData(int64_t user_id, int profile_version);
  // Stores the postings unless the version already has some; true when stored.
  absl::StatusOr<bool> Insert(const StoredIdealPostings& postings);

 private:
  Database& db_;
};

}  // namespace jobrec::store
