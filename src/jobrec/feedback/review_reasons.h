// Which reasons a review gives, for the rules proposed from comments (rule_proposals.h): the
// LLM's reasons when the feedback.comment_reasons task stored some for the review's current
// comment (store/review_reasons_repo.h), otherwise the lexicon's (comment_rules.h). Only
// negative reviews (score <= 5 or "not interested") count as evidence.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jobrec/feedback/comment_rules.h"

namespace jobrec::feedback {

struct ReviewWithReasons {
  RatedComment rating;
  // RuleKindName()s the LLM gave; nullopt when none are stored (the lexicon decides). An empty
  // list means the LLM found no reason, and the lexicon is not asked.
  std::optional<std::vector<std::string>> llm_reasons;
};

// The reasons of one review, each kind at most once; unknown LLM names are dropped.
std::vector<RuleKind> ReasonsOfReview(const ReviewWithReasons& review);

// Reasons given in at least `min_evidence` negative reviews, most frequent first.
std::vector<ProposedRule> ProposeRulesFromReviews(const std::vector<ReviewWithReasons>& reviews, int min_evidence);

}  // namespace jobrec::feedback
