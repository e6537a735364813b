#include "jobrec/eval/eval_engines.h"

#include <algorithm>
#include <cmath>

#include "jobrec/index/index_holder.h"
#include "jobrec/index/vector_index.h"
#include "jobrec/rank/bm25_index.h"
#include "jobrec/rank/fasttext_engine.h"
#include "jobrec/eval/posting_space.h"
#include "jobrec/rank/profile_vector.h"

namespace jobrec::eval {
namespace {

// Indices of the `k` highest scores, best first, ties by lower index (= lower id).
std::vector<uint32_t> TopIndices(const std::vector<float>& scores, size_t k) {
  std::vector<uint32_t> order(scores.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](uint32_t a, uint32_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  });
  order.resize(k);
  return order;
}

Ranking TopK(const EvalDataset& dataset, const std::vector<float>& scores, size_t k) {
  Ranking ranking;
  for (uint32_t i : TopIndices(scores, k)) ranking.push_back(dataset.postings[i].id);
  return ranking;
}

}  // namespace

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

rank::PostingTextVectors EmbedPostings(const EvalDataset& dataset,
                                       const embed::SentenceEmbedder& embedder, int threads,
                                       embed::Weighting weighting) {
  std::vector<std::string> titles, descriptions;
  for (const auto& p : dataset.postings) {
    titles.push_back(p.title);
    descriptions.push_back(p.description);
  }
  if (weighting == rank::kEngineWeighting) {
    return rank::EmbedPostingTexts(embedder, titles, descriptions, threads);
  }
  return {.dim = embedder.Dimension(),
          .titles = embedder.EmbedBatch(titles, embed::OutputNorm::kUnitLength, threads,
                                        weighting),
          .descriptions = embedder.EmbedBatch(descriptions, embed::OutputNorm::kUnitLength,
                                              threads, weighting)};
}

absl::StatusOr<std::vector<Ranking>> EngineRankings(
    const EvalDataset& dataset, std::shared_ptr<const embed::SentenceEmbedder> embedder,
    const rank::PostingTextVectors& vectors, size_t k) {
  const size_t dim = vectors.dim;
  std::vector<index::IndexRow> rows;
  for (size_t i = 0; i < dataset.postings.size(); ++i) {
    store::IndexedPostingVector stored{
        .posting_id = dataset.postings[i].id,
        .title = {vectors.titles.begin() + i * dim, vectors.titles.begin() + (i + 1) * dim},
        .description = {vectors.descriptions.begin() + i * dim,
                        vectors.descriptions.begin() + (i + 1) * dim}};
    if (auto row = rank::IndexRowOf(stored)) rows.push_back(*std::move(row));
  }
  const std::string version = "eval";
  JOBREC_ASSIGN_OR_RETURN(auto built, index::VectorIndex::Build(rows, version,
                                                                static_cast<int>(dim), {}));
  auto holder = std::make_shared<index::IndexHolder>();
  holder->Swap(std::move(built));
  const rank::FastTextEngine engine(std::move(embedder), version, std::move(holder),
                                    std::make_shared<const rank::TermStats>());
  std::vector<Ranking> rankings;
  for (const auto& query : dataset.queries) {
    Ranking ranking;
    auto hits = engine.Recommend(query.profile, {}, k);
    if (!hits.ok() && !absl::IsFailedPrecondition(hits.status())) return hits.status();
    if (hits.ok()) {
      for (const auto& hit : *hits) ranking.push_back(hit.posting_id);
    }
    rankings.push_back(std::move(ranking));
  }
  return rankings;
}

std::vector<Ranking> ExactRankings(const EvalDataset& dataset,
                                   const embed::SentenceEmbedder& embedder,
                                   const rank::PostingTextVectors& vectors,
                                   const VectorSpaceVariant& variant, size_t k) {
  const int dim = vectors.dim;
  const size_t n = dataset.postings.size();
  const std::vector<float> combined = CombinedUnitVectors(vectors, n, variant.posting_title_weight);
  std::vector<Ranking> rankings;
  std::vector<float> scores(n);
  for (const auto& query : dataset.queries) {
    const std::vector<float> p =
        rank::ProfileVector(embedder, query.profile, variant.profile_mix, variant.weighting);
    for (size_t i = 0; i < n; ++i) scores[i] = Dot(p.data(), &combined[i * dim], dim);
    if (variant.expansion_postings > 0) {
      std::vector<std::vector<float>> feedback;
      for (uint32_t i : TopIndices(scores, variant.expansion_postings)) {
        feedback.emplace_back(&combined[i * dim], &combined[(i + 1) * dim]);
      }
      // Sizes match and the weight is the variant's: only a negative weight can fail.
      const std::vector<float> q = rank::ExpandQuery(p, feedback, variant.expansion_weight).value();
      for (size_t i = 0; i < n; ++i) scores[i] = Dot(q.data(), &combined[i * dim], dim);
    }
    rankings.push_back(TopK(dataset, scores, k));
  }
  return rankings;
}

}  // namespace jobrec::eval
