// Keeps a person's proposed rules in step with their review comments (comment_rules.h over
// store/review_repo.h into store/feedback_rule_repo.h), after every review saved or deleted.
//
// Where a review's reasons come from (review_reasons.h): the reasons an LLM extracted from its
// current comment when the feedback.comment_reasons task stored some (only with an LLM
// configured; store/review_reasons_repo.h), otherwise the documented lexicon (comment_rules.h).
//
// Threshold: a reason is proposed once it appears in kMinRuleEvidence negative reviews (a score
// of 5 or less, or "not interested"): one grumble is an anecdote, two are a pattern. A proposed
// rule whose evidence falls below that again (reviews deleted or changed) is no longer listed.
// Accepted, rejected and removed rules keep their state: a decision is never undone by the
// machine.
//
// Thread-safe: functions of a thread-safe database.
#pragma once

#include <cstdint>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/feedback_rule_repo.h"

namespace jobrec::feedback {

inline constexpr int kMinRuleEvidence = 2;

// Recounts the reasons in the user's reviews and records the evidence. The store's errors.
absl::Status RefreshRuleProposals(store::Database& db, int64_t user_id);

// Whether a stored rule is shown to its owner: every accepted or rejected one, proposed ones
// with enough evidence, never removed ones.
bool RuleListed(const store::StoredRule& rule);

}  // namespace jobrec::feedback
