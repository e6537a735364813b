// The reasons an LLM found in a person's review comments (sql/migrations/0053_comment_reasons.sql)
// and the task kind that finds them (tasks/comment_reasons_task.h).
//
// Two audiences: feedback/rule_proposals.h reads the user's rows as jobrec_api under row-level
// security (Current); the task reads pending reviews and writes as the owner role, naming the
// user in every statement (Pending / Store). Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::store {

// Payload {"user_id": N}: every pending review of the user (Pending). Its dedupe key makes a
// review saved while the task is queued return the queued task.
inline constexpr char kCommentReasonsTaskKind[] = "feedback.comment_reasons";
NewTask CommentReasonsTask(int64_t user_id);

struct ReviewComment {
  int64_t posting_id = 0;
  std::string comment;
};

struct StoredReviewReasons {
  int64_t user_id = 0;
  int64_t posting_id = 0;
  std::string comment;  // the comment the reasons are of
  std::vector<std::string> reasons;
  std::string model;
  std::string prompt_version;
};

class ReviewReasonsRepo {
 public:
  explicit ReviewReasonsRepo(Database& db) : db_(db) {}

  // --- as the user (jobrec_api, row-level security) ---
  // Stored reasons by posting id, of the reviews whose comment has not changed since.
  absl::StatusOr<std::map<int64_t, std::vector<std::string>>> Current(int64_t user_id);

  // --- the task, as the owner ---
  // Up to `limit` negative reviews (score <= 5 or not interested) with a non-blank comment and
  // no stored reasons for that comment, oldest first.
  absl::StatusOr<std::vector<ReviewComment>> Pending(int64_t user_id, int limit);
  // Stores (or replaces) the reasons of a review; false when the review is gone or its comment
  // is no longer `reasons.comment` (nothing stored: the next run asks again).
  absl::StatusOr<bool> Store(const StoredReviewReasons& reasons);

 private:
  Database& db_;
};

}  // namespace jobrec::store
