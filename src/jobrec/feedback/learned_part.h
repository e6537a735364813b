// The learned part of a person's profile from their reviews: the Rocchio delta (rocchio.h) over
// the rated postings' vectors and the terms it stands for (learned_terms.h).
//
// Which reviews teach: those with a score, or "not interested" (counted as a score of 1),
// saved after the last reset. "Applied" alone carries no score and teaches nothing. A review's
// weight halves every RocchioOptions::half_life_days since it was last saved. Pure function;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/feedback/learned_terms.h"
#include "jobrec/feedback/rocchio.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::feedback {

// A rated posting as the learning sees it.
struct PostingForLearning {
  int64_t posting_id = 0;
  std::vector<float> vector;  // the engine's vector of the posting (any length: normalised here)
  std::string title;          // for the terms: title words weigh kTitleTermWeight times more
  std::string description;
};

inline constexpr double kTitleTermWeight = 2.0;

struct LearnedPart {
  std::vector<float> delta;  // `dim` values; all zero when nothing teaches
  LearnedTerms terms;
  int reviews_used = 0;  // reviews that taught (their posting had a vector)
};

// The score a review teaches with, or nullopt when it teaches nothing.
std::optional<double> TeachingScore(const store::StoredReview& review);

// `postings` are the rated postings' vectors (any order; missing ones are skipped, as are
// vectors of another dimension or all zero).
LearnedPart ComputeLearnedPart(const std::vector<store::StoredReview>& reviews,
                               const std::vector<PostingForLearning>& postings, size_t dim,
                               int64_t now_micros, std::optional<int64_t> reset_at_micros,
                               const RocchioOptions& options = {});

}  // namespace jobrec::feedback
