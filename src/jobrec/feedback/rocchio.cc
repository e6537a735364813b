#include "jobrec/feedback/rocchio.h"

#include <cmath>

namespace jobrec::feedback {

double DecayWeight(double age_days, double half_life_days) {
  if (half_life_days <= 0) return 1.0;
  return std::exp2(-std::max(0.0, age_days) / half_life_days);
}

std::vector<float> LearnedDelta(const std::vector<RatedVector>& ratings, size_t dimension,
                                const RocchioOptions& options) {
  std::vector<double> liked(dimension, 0.0), disliked(dimension, 0.0);
  double liked_weight = 0, disliked_weight = 0;
  for (const auto& rating : ratings) {
    if (rating.vector.size() != dimension) continue;
    double strength = std::abs(rating.score - options.neutral_score) *
                      DecayWeight(rating.age_days, options.half_life_days);
    if (strength == 0) continue;
    auto& sum = rating.score > options.neutral_score ? liked : disliked;
    (rating.score > options.neutral_score ? liked_weight : disliked_weight) += strength;
    for (size_t i = 0; i < dimension; ++i) sum[i] += strength * rating.vector[i];
  }
  std::vector<float> delta(dimension, 0.0f);
  for (size_t i = 0; i < dimension; ++i) {
    double v = 0;
    if (liked_weight > 0) v += options.beta * liked[i] / liked_weight;
    if (disliked_weight > 0) v -= options.gamma * disliked[i] / disliked_weight;
    delta[i] = static_cast<float>(v);
  }
  return delta;
}

std::vector<float> RefinedVector(const std::vector<float>& base, const std::vector<float>& delta,
                                 const RocchioOptions& options) {
  std::vector<float> out(base.size());
  double norm = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    double d = i < delta.size() ? delta[i] : 0.0;
    out[i] = static_cast<float>(options.alpha * base[i] + d);
    norm += static_cast<double>(out[i]) * out[i];
  }
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (auto& v : out) v = static_cast<float>(v / norm);
  }
  return out;
}

}  // namespace jobrec::feedback
