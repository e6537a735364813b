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
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/profile/profile.h"
#include "jobrec/rank/keyword_scores.h"
#include "jobrec/store/database.h"
#include "jobrec/store/learned_profile_repo.h"
#include "jobrec/store/posting_row.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::rank {

// The facts of a stored posting; age_days counts from `now`.
feedback::PostingFacts PostingFactsOf(const store::StoredPosting& posting, store::Timestamp now);

// A rated posting's vector (title and description combined, posting_vector.h).
struct RatedVector {
  int64_t posting_id = 0;
  std::vector<float> vector;
};

// What the features of a set of postings are computed from, as read from the store for one
// user and model version: read once, it serves the features of those postings and of any
// subset of them (the hybrid engine orders a subset of what the fastText engine re-ranked).
// Immutable once loaded; thread-safe to share.
struct RankerInputs {
  std::vector<RatedVector> liked, disliked;  // the user's rated postings with vectors
  // The loaded postings' vectors of the model version, and the visible postings among them.
  std::unordered_map<int64_t, store::RatedPosting> vectors;
  std::unordered_map<int64_t, store::StoredPosting> visible;
};

// The inputs of `posting_ids`' features. `reviews` are the user's (liked: teaching score >=
// kLikedScore, disliked: <= kDislikedScore). Errors: the store's.
absl::StatusOr<RankerInputs> LoadRankerInputs(store::Database& db, const std::string& model_version,
                                              int64_t user_id, const std::vector<store::StoredReview>& reviews,
                                              const std::vector<int64_t>& posting_ids);

// The features of loaded postings (RankerInputs) for one profile. What does not depend on which
// of them are ordered together (the cosines, the similarity to rated postings, each posting's
// tokens for the keyword score: keyword_scores.h) is computed once, at construction; Features
// then costs little per posting, so a request that orders the postings twice (the fastText
// engine's re-ranking, then the hybrid engine's order of its best) computes them once.
//
// Thread-safety: immutable after construction; Features may be called concurrently.
class RankerCandidates {
 public:
  // `profile_vector` is the written profile's fastText vector (ProfileVector) of the inputs'
  // model version.
  RankerCandidates(std::shared_ptr<const RankerInputs> inputs, const profile::Profile& profile,
                   std::vector<float> profile_vector);

  // RankerFeatures of each of `posting_ids` for the user, keyed by posting id (ids not loaded
  // are left out, as postings that are not visible to the user or have no vector are); a
  // posting is never compared with its own review; `llm_scores` the LLM's 0..10 scores by
  // posting id; the keyword score's idf is that of `posting_ids`' postings. The same result as
  // UserRankerFeatures of these postings when the store has not changed since loading.
  std::unordered_map<int64_t, std::vector<double>> Features(const std::vector<int64_t>& posting_ids,
                                                            const std::unordered_map<int64_t, int>& llm_scores) const;

 private:
  struct Candidate {
    const store::StoredPosting* posting = nullptr;
    feedback::RankerSignals signals;  // all but keyword_score and llm_score
  };

  std::shared_ptr<const RankerInputs> inputs_;
  profile::Profile profile_;
  std::vector<float> profile_vector_;
  KeywordScorer keyword_;
  std::unordered_map<int64_t, Candidate> candidates_;
};

// LoadRankerInputs, then RankerCandidates::Features. Errors: the store's.
absl::StatusOr<std::unordered_map<int64_t, std::vector<double>>> UserRankerFeatures(
    store::Database& db, const std::string& model_version, int64_t user_id,
    const profile::Profile& profile, const std::vector<float>& profile_vector,
    const std::vector<store::StoredReview>& reviews, const std::vector<int64_t>& posting_ids,
    const std::unordered_map<int64_t, int>& llm_scores);

}  // namespace jobrec::rank
