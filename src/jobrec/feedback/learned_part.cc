#include "jobrec/feedback/learned_part.h"

#include <cmath>
#include <unordered_map>

namespace jobrec::feedback {
namespace {

constexpr double kMicrosPerDay = 86400.0 * 1e6;

// The unit vector along `v`, or nullopt for a zero vector.
std::optional<std::vector<float>> Unit(const std::vector<float>& v) {
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  if (norm == 0 || !std::isfinite(norm)) return std::nullopt;
  norm = std::sqrt(norm);
  std::vector<float> unit(v.size());
  for (size_t i = 0; i < v.size(); ++i) unit[i] = static_cast<float>(v[i] / norm);
  return unit;
}

}  // namespace

std::optional<double> TeachingScore(const store::StoredReview& review) {
  if (review.not_interested) return 1.0;
  if (review.score) return static_cast<double>(*review.score);
  return std::nullopt;
}

LearnedPart ComputeLearnedPart(const std::vector<store::StoredReview>& reviews,
                               const std::vector<PostingForLearning>& postings, size_t dim,
                               int64_t now_micros, std::optional<int64_t> reset_at_micros,
                               const RocchioOptions& options) {
  std::unordered_map<int64_t, const PostingForLearning*> by_id;
  for (const auto& posting : postings) by_id[posting.posting_id] = &posting;
  std::vector<RatedVector> ratings;
  std::vector<WeightedText> texts;
  for (const auto& review : reviews) {
    const std::optional<double> score = TeachingScore(review);
    if (!score || (reset_at_micros && review.updated_at_micros <= *reset_at_micros)) continue;
    const auto it = by_id.find(review.posting_id);
    if (it == by_id.end() || it->second->vector.size() != dim) continue;
    std::optional<std::vector<float>> unit = Unit(it->second->vector);
    if (!unit) continue;
    const double age_days = std::max<double>(0, static_cast<double>(now_micros - review.updated_at_micros) / kMicrosPerDay);
    ratings.push_back({*std::move(unit), *score, age_days});
    const double weight = (*score - options.neutral_score) * DecayWeight(age_days, options.half_life_days);
    texts.push_back({it->second->title, kTitleTermWeight * weight});
    texts.push_back({it->second->description, weight});
  }
  LearnedPart part;
  part.delta = LearnedDelta(ratings, dim, options);
  part.terms = TermsFromRatings(texts);
  part.reviews_used = static_cast<int>(ratings.size());
  return part;
}

}  // namespace jobrec::feedback
