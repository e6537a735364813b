// Profile refinement from ratings (Rocchio): the learned part of a profile vector is the
// rating-weighted mean of the rated postings' vectors, toward those rated high and away from
// those rated low, each rating's weight decaying with its age. It is kept apart from the
// vector of the profile as written, so a person can inspect it and reset it.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <vector>

namespace jobrec::feedback {

struct RatedVector {
  std::vector<float> vector;  // the posting's unit vector
  double score = 0;           // 1..10; "not interested" counts as 1
  double age_days = 0;
};

struct RocchioOptions {
  double half_life_days = 30;  // a rating this old weighs half as much as a new one
  double neutral_score = 5.5;  // above pulls toward, below pushes away
  double beta = 0.75;          // weight of the pull toward liked postings
  double gamma = 0.25;         // weight of the push away from disliked ones
  double alpha = 0.6;          // share of the written profile in the refined vector
};

// exp2(-age / half_life).
double DecayWeight(double age_days, double half_life_days);

// The learned delta: beta * mean(liked, weighted) - gamma * mean(disliked, weighted), where a
// rating's weight is its decay times its distance from neutral. Empty input: zero vector of
// `dimension`.
std::vector<float> LearnedDelta(const std::vector<RatedVector>& ratings, size_t dimension,
                                const RocchioOptions& options = {});

// alpha * base + delta, L2-normalised (base alone when delta is zero).
std::vector<float> RefinedVector(const std::vector<float>& base, const std::vector<float>& delta,
                                 const RocchioOptions& options = {});

}  // namespace jobrec::feedback
