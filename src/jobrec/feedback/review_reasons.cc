#include "jobrec/feedback/review_reasons.h"

#include <algorithm>
#include <map>

namespace jobrec::feedback {

std::vector<RuleKind> ReasonsOfReview(const ReviewWithReasons& review) {
  if (!review.llm_reasons) return ReasonsInComment(review.rating.comment);
  std::vector<RuleKind> kinds;
  for (const std::string& name : *review.llm_reasons) {
    const std::optional<RuleKind> kind = ParseRuleKind(name);
    if (kind && std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) kinds.push_back(*kind);
  }
  return kinds;
}

std::vector<ProposedRule> ProposeRulesFromReviews(const std::vector<ReviewWithReasons>& reviews, int min_evidence) {
  std::map<RuleKind, int> counts;
  for (const ReviewWithReasons& review : reviews) {
    const RatedComment& rating = review.rating;
    const bool negative = rating.not_interested || (rating.score > 0 && rating.score <= 5);
    if (!negative || rating.comment.empty()) continue;
    for (RuleKind kind : ReasonsOfReview(review)) counts[kind]++;
  }
  std::vector<ProposedRule> rules;
  for (const auto& [kind, count] : counts) {
    if (count >= min_evidence) rules.push_back({kind, count});
  }
  std::stable_sort(rules.begin(), rules.end(),
                   [](const ProposedRule& a, const ProposedRule& b) { return a.evidence > b.evidence; });
  return rules;
}

}  // namespace jobrec::feedback
