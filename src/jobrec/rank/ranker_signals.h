// The learned ranker's features (feedback/ranker_features.h) for a signed-in user's postings,
// computed from the store: the fastText cosines of the profile's vector with each posting's
// stored title and description vectors (and with their combination, as the engine score), the
// similarity to the postings the user rated high and low, and the posting's facts. One
// function for both sides: the task that trains the ranker (ranker_training.h) and the
// re-ranking of recommendations (learned_profile.cc).
//
// Not computed (reported as such): the keyword score is always 0 (no BM25 index in the
// server), and the LLM score is always missing.
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
// never compared with its own review). Postings that are not visible to the user or have no vector of
// `model_version` are left out. Errors: the store's.
absl::StatusOr<std::unordered_map<int64_t, std::vector<double>>> UserRankerFeatures(
    store::Database& db, const std::string& model_version, int64_t user_id,
    const profile::Profile& profile, const std::vector<float>& profile_vector,
    const std::vector<store::StoredReview>& reviews, const std::vector<int64_t>& posting_ids);

}  // namespace jobrec::rank
