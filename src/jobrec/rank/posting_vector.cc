#include "jobrec/rank/posting_vector.h"

namespace jobrec::rank {

PostingTextVectors EmbedPostingTexts(const embed::SentenceEmbedder& embedder,
                                     const std::vector<std::string>& titles,
                                     const std::vector<std::string>& descriptions, int threads) {
  return {.dim = embedder.Dimension(),
          .titles = embedder.EmbedBatch(titles, embed::OutputNorm::kUnitLength, threads,
                                        kEngineWeighting),
          .descriptions = embedder.EmbedBatch(descriptions, embed::OutputNorm::kUnitLength,
                                              threads, kEngineWeighting)};
}

std::vector<float> CombinePostingVector(std::span<const float> title,
                                        std::span<const float> description, float title_weight) {
  std::vector<float> out(title.size());
  for (size_t i = 0; i < out.size(); ++i) {
    const float d = i < description.size() ? description[i] : 0.0f;
    out[i] = title_weight * title[i] + (1 - title_weight) * d;
  }
  return out;
}

}  // namespace jobrec::rank
