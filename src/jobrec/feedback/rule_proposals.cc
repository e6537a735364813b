#include "jobrec/feedback/rule_proposals.h"

#include <algorithm>
#include <map>

#include "jobrec/feedback/comment_rules.h"
#include "jobrec/feedback/review_reasons.h"
#include "jobrec/store/review_reasons_repo.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::feedback {
namespace {

constexpr int kMaxReviewsRead = 10000;

}  // namespace

absl::Status RefreshRuleProposals(store::Database& db, int64_t user_id) {
  JOBREC_ASSIGN_OR_RETURN(const auto reviews, store::ReviewRepo(db).List(user_id, std::nullopt, kMaxReviewsRead));
  JOBREC_ASSIGN_OR_RETURN(const auto llm_reasons, store::ReviewReasonsRepo(db).Current(user_id));
  std::vector<ReviewWithReasons> comments;
  for (const auto& review : reviews) {
    const auto stored = llm_reasons.find(review.posting_id);
    comments.push_back({{review.comment, review.score.value_or(0), review.not_interested},
                        stored == llm_reasons.end() ? std::nullopt : std::make_optional(stored->second)});
  }
  std::map<std::string, int> evidence;  // every reason found at least once
  for (const ProposedRule& rule : ProposeRulesFromReviews(comments, 1)) evidence[RuleKindName(rule.kind)] = rule.evidence;
  store::FeedbackRuleRepo rules(db);
  JOBREC_ASSIGN_OR_RETURN(const auto stored, rules.List(user_id));
  for (const auto& rule : stored) evidence.try_emplace(rule.kind, 0);  // recount stored ones too
  for (const auto& [kind, count] : evidence) {
    const bool known = std::any_of(stored.begin(), stored.end(), [&](const auto& r) { return r.kind == kind; });
    if (count >= kMinRuleEvidence || known) JOBREC_RETURN_IF_ERROR(rules.Propose(user_id, kind, count));
  }
  return absl::OkStatus();
}

bool RuleListed(const store::StoredRule& rule) {
  if (rule.state == "removed") return false;
  return rule.state != "proposed" || rule.evidence >= kMinRuleEvidence;
}

}  // namespace jobrec::feedback
