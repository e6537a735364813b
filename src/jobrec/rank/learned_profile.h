// The learned part of a person's profile in the fastText engine (issue #7, point 2): the
// Rocchio delta of their reviews (feedback/learned_part.h), stored apart from the profile they
// wrote (store/learned_profile_repo.h) and added to the profile's vector at query time:
// query = normalise(alpha * profile vector + delta).
//
// The stored part is recomputed when it is stale: when a review was saved or deleted since
// (learned_profile_inputs() changed) or the engine's model version changed. So the first
// recommendation after a review pays for one recomputation (one read of the user's reviews and
// of the rated postings' vectors).
//
// Thread-safe: functions of thread-safe arguments. Two concurrent recomputations for one user
// write the same result.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/feedback/ranker.h"
#include "jobrec/index/vector_index.h"
#include "jobrec/profile/profile.h"
#include "jobrec/rank/fasttext_engine.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/rank/ranker_signals.h"
#include "jobrec/store/database.h"
#include "jobrec/store/learned_profile_repo.h"

namespace jobrec::rank {

// The user's learned part for the engine's model, recomputed and stored when stale. An empty
// vector when nothing was learned. Errors: the store's; Unavailable before the index is built.
absl::StatusOr<store::StoredLearnedProfile> CurrentLearnedProfile(store::Database& db,
                                                                  const FastTextEngine& engine,
                                                                  int64_t user_id);

// What a signed-in user's fastText recommendations were made of, for a caller that orders the
// same hits again (the hybrid engine with a learned ranker, api/recommendation_routes.cc) without
// reading or computing it twice.
struct UserRecommendations {
  std::vector<index::SearchHit> hits;  // best first
  // The learned ranker that ordered `hits` and its features' makings (of the candidates it
  // re-ranked, a superset of `hits`); nullopt and null without a ranker.
  std::optional<feedback::LinearModel> ranker;
  std::shared_ptr<const RankerCandidates> ranker_candidates;
};

// The fastText recommendations for a signed-in user: the profile's vector refined by the
// learned part, searched with `filter` restricted by the user's feedback (user_feedback.h:
// reviewed postings left out, accepted rules applied), best first. Scores are cosine
// similarities to the expanded vector, times the rules' penalties. Before the learned part, the
// LLM's ideal postings of the current profile version lean the profile's vector toward them by
// `ideal_postings_weight` (ideal_postings.h; 0: not folded in), their vectors taken from the
// engine's cache (ideal_postings_cache.h) when it holds them. The refined vector is searched
// as FastTextEngine::Search does: expanded by its first hits (query_expansion.h). When a learned ranker is stored
// for the user or globally (ranker_training.h: RankerModelFor), max(5 * limit, 100) candidates
// are searched and the best `limit` by the ranker returned (their scores stay the cosines);
// without one the order is the cosine order.
// Errors: as FastTextEngine::Recommend, and the store's.
absl::StatusOr<UserRecommendations> UserRecommendationsFor(store::Database& db, const FastTextEngine& engine,
                                                           int64_t user_id, const profile::Profile& profile,
                                                           index::SearchFilter filter, size_t limit,
                                                           double ideal_postings_weight);

// UserRecommendationsFor's hits.
absl::StatusOr<std::vector<index::SearchHit>> RecommendForUser(store::Database& db,
                                                               const FastTextEngine& engine,
                                                               int64_t user_id,
                                                               const profile::Profile& profile,
                                                               index::SearchFilter filter, size_t limit,
                                                               double ideal_postings_weight =
                                                                   kDefaultIdealPostingsWeight);

}  // namespace jobrec::rank
