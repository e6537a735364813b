#include "jobrec/rank/profile_vector.h"

#include <cmath>

namespace jobrec::rank {

std::vector<float> ProfileVector(const embed::SentenceEmbedder& embedder,
                                 const profile::Profile& profile,
                                 const profile::EmbeddingMix& mix,
                                 embed::Weighting weighting) {
  const int dim = embedder.Dimension();
  std::vector<float> sum(dim, 0.0f);
  for (const auto& part : profile::EmbeddingParts(profile, mix)) {
    const std::vector<float> v =
        embedder.Embed(part.text, embed::OutputNorm::kUnitLength, weighting);
    for (int i = 0; i < dim; ++i) sum[i] += part.weight * v[i];
  }
  double norm = 0;
  for (float x : sum) norm += double(x) * x;
  if (norm > 0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : sum) x *= scale;
  }
  return sum;
}

std::string ProfileQueryText(const profile::Profile& profile) {
  std::string text;
  for (const auto& part : profile::EmbeddingParts(profile)) {
    if (!text.empty()) text += '\n';
    text += part.text;
  }
  return text;
}

}  // namespace jobrec::rank
