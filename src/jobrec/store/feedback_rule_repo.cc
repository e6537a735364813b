#include "jobrec/store/feedback_rule_repo.h"

#include <nlohmann/json.hpp>

#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {

absl::StatusOr<std::vector<StoredRule>> FeedbackRuleRepo::List(int64_t user_id) {
  std::vector<StoredRule> rules;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "feedback_rules.List", true), [&](pqxx::work& tx) {
    for (const auto& r : tx.exec("SELECT id, kind, state, evidence FROM feedback_rules_list()")) {
      rules.push_back({r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<int>()});
    }
    return absl::OkStatus();
  }));
  return rules;
}

absl::Status FeedbackRuleRepo::Propose(int64_t user_id, const std::string& kind, int evidence) {
  return RunTransaction(db_, AsUser(user_id, "feedback_rules.Propose"), [&](pqxx::work& tx) {
    tx.exec_params("SELECT feedback_rule_propose($1, $2)", kind, evidence);
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> FeedbackRuleRepo::Decide(int64_t user_id, int64_t id,
                                              const std::vector<std::string>& from_states,
                                              const std::string& to_state) {
  bool changed = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "feedback_rules.Decide"), [&](pqxx::work& tx) {
    // The states travel as a JSON array: no hand-built array literal to escape.
    changed = tx.exec_params1(
                    "SELECT feedback_rule_decide($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3)",
                    id, nlohmann::json(from_states).dump(), to_state)[0]
                  .as<bool>();
    return absl::OkStatus();
  }));
  return changed;
}

}  // namespace jobrec::store
