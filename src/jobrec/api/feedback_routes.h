// What the feedback loop learned, and the person's control over it (issue #7, points 2, 4, 6):
//
//   POST   /api/v1/feedback/reset-learned       -> 204: forgets the learned profile part; the
//                                                  reviews stay, only later ones teach again
//   GET    /api/v1/feedback/rules               -> {"items": [rule…]}
//   POST   /api/v1/feedback/rules/{id}/accept   -> 200 rule (proposed or rejected -> accepted)
//   POST   /api/v1/feedback/rules/{id}/reject   -> 200 rule (proposed or accepted -> rejected)
//   DELETE /api/v1/feedback/rules/{id}          -> 204 (removed: no longer applied or proposed)
//   GET    /api/v1/feedback/insights            -> see below
//
// rule = {"id", "kind" (feedback::RuleKindName), "text" (what it does), "state", "evidence"}.
// Rules listed: accepted and rejected ones, and proposed ones with enough evidence
// (feedback/rule_proposals.h). An unknown, someone else's or removed rule is 404.
//
// insights = {
//   "ratings_over_time": [{"date": "2026-11-27", "count", "mean_score": number|null}] (UTC days
//       of the reviews' last update, oldest first),
//   "score_distributions": {"fasttext": [0..10 per rated posting], "llm": [...]},
//   "engine_agreement": [{"engine", "spearman": number|null, "pairwise_accuracy": number|null,
//       "pairs": rated pairs with different ratings, "postings": rated postings compared,
//       "reason": why null (only when null)}] for "fasttext" (the cosine of the profile as
//       written with each rated posting) and "llm" (its stored scores, when the llm_scores
//       table exists),
//   "learned": {"terms_toward": [{"term","weight"}], "terms_away": [...], "reviews_used",
//       "feature_weights": [{"name", "user", "global"}] (the learned ranker's weights by
//       feature; the user's are the global ones until the user has a model) or null before a
//       ranker is trained, "feature_weights_reason": why null, else null},
//   "rules": [rule…]}
// Ratings: a review's score, "not interested" counting as 1.
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

// The database and the service must outlive the router.
void AddFeedbackRoutes(Router& router, store::Database& db, const rank::FastTextService& fasttext);

}  // namespace jobrec::api
