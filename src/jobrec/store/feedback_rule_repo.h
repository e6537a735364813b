// Rules proposed from the reasons in a person's review comments (sql/migrations/0051_feedback.sql,
// feedback_rules), through SQL functions under row-level security. Kinds are
// feedback::RuleKindName's; states "proposed" | "accepted" | "rejected" | "removed".
//
// Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

struct StoredRule {
  int64_t id = 0;
  std::string kind;
  std::string state;
  int evidence = 0;
};

class FeedbackRuleRepo {
 public:
  explicit FeedbackRuleRepo(Database& db) : db_(db) {}

  // Every rule of the user (removed ones too), oldest first.
  absl::StatusOr<std::vector<StoredRule>> List(int64_t user_id);
  // Proposes a rule of `kind` with `evidence`, or updates the evidence of the existing one
  // (its state stays). FailedPrecondition for an unknown kind (the table's check).
  absl::Status Propose(int64_t user_id, const std::string& kind, int evidence);
  // Moves rule `id` from one of `from_states` to `to_state`; false when the user has no such
  // rule in one of those states.
  absl::StatusOr<bool> Decide(int64_t user_id, int64_t id, const std::vector<std::string>& from_states,
                              const std::string& to_state);

 private:
  Database& db_;
};

}  // namespace jobrec::store
