// The learned part of a person's profile (sql/migrations/0051_feedback.sql, learned_profiles),
// through SQL functions under row-level security, and the rated postings it is computed from
// (their stored fastText vectors and texts: shared data, read as the service role).
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

struct StoredLearnedProfile {
  std::string model_version;  // "" after a reset
  std::vector<float> vector;  // the learned delta; empty: nothing learned
  nlohmann::json terms_toward = nlohmann::json::array();  // [{"term", "weight"}]
  nlohmann::json terms_away = nlohmann::json::array();
  int reviews_used = 0;
  std::string inputs;  // learned_profile_inputs() when it was computed
  std::optional<int64_t> reset_at_micros;
};

// A rated posting's stored vectors (rank/posting_vector.h combines them as the index does).
struct RatedPosting {
  int64_t posting_id = 0;
  std::vector<float> title_vector;
  std::vector<float> description_vector;
  std::string title;
  std::string description;
};

class LearnedProfileRepo {
 public:
  explicit LearnedProfileRepo(Database& db) : db_(db) {}

  // nullopt when nothing was ever learned or reset.
  absl::StatusOr<std::optional<StoredLearnedProfile>> Get(int64_t user_id);
  // What the learned part should be computed from now (changes with every review saved or
  // deleted after the last reset): compare with StoredLearnedProfile::inputs.
  absl::StatusOr<std::string> Inputs(int64_t user_id);
  // Stores a freshly computed learned part (reset_at is kept).
  absl::Status Put(int64_t user_id, const StoredLearnedProfile& learned);
  // Forgets the learned part; reviews saved before now no longer teach.
  absl::Status Reset(int64_t user_id);

  // The postings among `ids` with vectors of `model_version` (any status: a rating of a posting
  // that expired since still teaches). Service role.
  absl::StatusOr<std::vector<RatedPosting>> RatedPostings(const std::string& model_version,
                                                          const std::vector<int64_t>& ids);

 private:
  Database& db_;
};

}  // namespace jobrec::store
