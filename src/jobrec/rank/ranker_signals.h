// The learned ranker's features (feedback/ranker_features.h) for a signed-in user's postings,
// computed from the store: the fastText cosines of the profile's vector with each posting's
// stored title and description vectors (and with their combination, as the engine score), the
// similarity to the postings the user rated high and low, and the posting's facts. One
// function for both sides: the task that trains the ranker (ranker_training.h) and the
// ordering of recommendations (the fastText engine's re-ranking, the hybrid engine's order).
//
// The keyword score's idf comes from the call's postings, so it is on a different footing in
// training (the user's rated postings) than when ordering (the candidates); both are scaled to
// the set's best match, which keeps the values comparable in range, not in meaning.
// The keyword score is BM25 of the profile's keyword query (engine_loader.h:
// ProfileKeywordQuery) over the postings of one call, with the idf of those postings (a
// corpus-wide BM25 index per request would be too slow), divided by the best among them: in
// [0, 1], 1 for the best keyword match of the set. The LLM score is the caller's (`llm_scores`,
// by posting id); a posting without one gets the missing indicator.
//
// Thread-safe: functions of thread-safe arguments.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/profile/profile.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_row.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::rank {

// The facts of a stored posting; age_days counts from `now`.
feedback::PostingFacts PostingFactsOf(const store::StoredPosting& posting, store::Timestamp now);

// RankerFeatures of each of `posting_ids` for the user, keyed by posting id. `profile_vector`
// is the written profile's fastText vector (ProfileVector) of `model_version`; `reviews` are
// the user's (liked: teaching score >= kLikedScore, disliked: <= kDislikedScore; a posting is
// never compared with its own review); `llm_scores` the LLM's 0..10 scores by posting id.
// Postings that are not visible to the user or have no vector of `model_version` are left
// out. Errors: the store's.
absl::StatusOr<std::unordered_map<int64_t, std::vector<double>>> UserRankerFeatures(
    store::Database& db, const std::string& model_version, int64_t user_id,
    const profile::Profile& profile, const std::vector<float>& profile_vector,
    const std::vector<store::StoredReview>& reviews, const std::vector<int64_t>& posting_ids,
    const std::unordered_map<int64_t, int>& llm_scores);

}  // namespace jobrec::rank
