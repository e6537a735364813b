// A person's reviews of postings (sql/migrations/0050_reviews.sql), through the SQL functions
// review_put / review_delete / reviews_list / reviewed_posting_ids under row-level security:
// every call acts on `user_id`'s rows only. Values are validated by the caller (api/); the
// table's checks are the backstop (FailedPrecondition).
//
// Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct ReviewInput {
  std::optional<int> score;  // 1..10
  std::string comment;       // at most kMaxReviewComment characters
  bool applied = false;
  bool not_interested = false;
};

inline constexpr size_t kMaxReviewComment = 2000;

struct StoredReview {
  int64_t posting_id = 0;
  std::optional<int> score;
  std::string comment;
  bool applied = false;
  bool not_interested = false;
  int64_t created_at_micros = 0;  // microseconds since the epoch
  int64_t updated_at_micros = 0;
};

// Where a page of reviews ends: the last item's sort key.
struct ReviewPosition {
  int64_t updated_at_micros = 0;
  int64_t posting_id = 0;
};

class ReviewRepo {
 public:
  explicit ReviewRepo(Database& db) : db_(db) {}

  // Inserts or replaces the review; nullopt when the posting is unknown or not visible.
  absl::StatusOr<std::optional<StoredReview>> Put(int64_t user_id, int64_t posting_id,
                                                  const ReviewInput& review);
  // false when the user had no review of the posting.
  absl::StatusOr<bool> Delete(int64_t user_id, int64_t posting_id);
  // Most recently updated first, after `after` when given; at most `limit` (1..10000, else
  // InvalidArgument).
  absl::StatusOr<std::vector<StoredReview>> List(int64_t user_id,
                                                 const std::optional<ReviewPosition>& after,
                                                 int limit);
  // Every posting the user reviewed (any kind of review).
  absl::StatusOr<std::vector<int64_t>> ReviewedPostingIds(int64_t user_id);
  // The newest LLM score (0..10) of each reviewed posting that has one, for the insights page;
  // nullopt when this database has no llm_scores table (sql/migrations/0040_llm.sql).
  absl::StatusOr<std::optional<std::map<int64_t, double>>> ReviewedLlmScores(int64_t user_id);

 private:
  Database& db_;
};

}  // namespace jobrec::store
