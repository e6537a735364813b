#include "jobrec/eval/eval_engines.h"

#include <algorithm>
#include <cmath>

#include "jobrec/rank/bm25_index.h"
#include "jobrec/rank/profile_vector.h"

namespace jobrec::eval {
namespace {

float Dot(const float* a, const float* b, int dim) {
  float s = 0;
  for (int i = 0; i < dim; ++i) s += a[i] * b[i];
  return s;
}

// Indices of the `k` highest scores, best first, ties by lower index (= lower id).
Ranking TopK(const EvalDataset& dataset, const std::vector<float>& scores, size_t k) {
  std::vector<uint32_t> order(scores.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](uint32_t a, uint32_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  });
  Ranking ranking;
  for (size_t i = 0; i < k; ++i) ranking.push_back(dataset.postings[order[i]].id);
  return ranking;
}

}  // namespace

const char* PostingVectorMixName(PostingVectorMix mix) {
  switch (mix) {
    case PostingVectorMix::kDescription: return "desc";
    case PostingVectorMix::kTitle: return "title";
    case PostingVectorMix::kAverageVector: return "avg-vec";
    case PostingVectorMix::kAverageCosine: return "avg-cos";
  }
  return "?";
}

std::vector<Ranking> Bm25Rankings(const EvalDataset& dataset, size_t k) {
  std::vector<rank::Bm25Document> documents;
  documents.reserve(dataset.postings.size());
  for (const auto& p : dataset.postings) documents.push_back({p.id, p.title, p.description});
  const rank::Bm25Index index(documents);
  std::vector<Ranking> rankings;
  for (const auto& query : dataset.queries) {
    Ranking ranking;
    for (const auto& hit : index.Search(rank::ProfileQueryText(query.profile), k)) {
      ranking.push_back(hit.id);
    }
    rankings.push_back(std::move(ranking));
  }
  return rankings;
}

PostingVectors EmbedPostings(const EvalDataset& dataset, const embed::SentenceEmbedder& embedder,
                             int threads) {
  std::vector<std::string> titles, descriptions;
  for (const auto& p : dataset.postings) {
    titles.push_back(p.title);
    descriptions.push_back(p.description);
  }
  return {.dim = embedder.Dimension(),
          .titles = embedder.EmbedBatch(titles, embed::OutputNorm::kUnitLength, threads),
          .descriptions =
              embedder.EmbedBatch(descriptions, embed::OutputNorm::kUnitLength, threads)};
}

std::vector<Ranking> FastTextRankings(const EvalDataset& dataset,
                                      const embed::SentenceEmbedder& embedder,
                                      const PostingVectors& vectors, PostingVectorMix mix,
                                      size_t k) {
  const int dim = vectors.dim;
  const size_t n = dataset.postings.size();
  // For avg-vec: the unit-length t + d of each posting.
  std::vector<float> combined;
  if (mix == PostingVectorMix::kAverageVector) {
    combined.resize(n * dim);
    for (size_t i = 0; i < n; ++i) {
      double norm = 0;
      for (int j = 0; j < dim; ++j) {
        combined[i * dim + j] = vectors.titles[i * dim + j] + vectors.descriptions[i * dim + j];
        norm += double(combined[i * dim + j]) * combined[i * dim + j];
      }
      if (norm > 0) {
        for (int j = 0; j < dim; ++j) combined[i * dim + j] /= static_cast<float>(std::sqrt(norm));
      }
    }
  }
  std::vector<Ranking> rankings;
  std::vector<float> scores(n);
  for (const auto& query : dataset.queries) {
    const std::vector<float> p = rank::ProfileVector(embedder, query.profile);
    for (size_t i = 0; i < n; ++i) {
      const float* t = &vectors.titles[i * dim];
      const float* d = &vectors.descriptions[i * dim];
      switch (mix) {
        case PostingVectorMix::kDescription: scores[i] = Dot(p.data(), d, dim); break;
        case PostingVectorMix::kTitle: scores[i] = Dot(p.data(), t, dim); break;
        case PostingVectorMix::kAverageVector:
          scores[i] = Dot(p.data(), &combined[i * dim], dim);
          break;
        case PostingVectorMix::kAverageCosine:
          scores[i] = 0.5f * (Dot(p.data(), t, dim) + Dot(p.data(), d, dim));
          break;
      }
    }
    rankings.push_back(TopK(dataset, scores, k));
  }
  return rankings;
}

}  // namespace jobrec::eval
