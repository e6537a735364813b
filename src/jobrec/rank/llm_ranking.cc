#include "jobrec/rank/llm_ranking.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace jobrec::rank {
namespace {

std::unordered_map<int64_t, const store::LlmScoreRow*> ByPosting(const std::vector<store::LlmScoreRow>& scores) {
  std::unordered_map<int64_t, const store::LlmScoreRow*> out;
  for (const auto& row : scores) out[row.posting_id] = &row;
  return out;
}

}  // namespace

double HybridBlend(double retrieval, int llm_score) {
  return kHybridLlmWeight * static_cast<double>(llm_score) / 10.0 +
         (1.0 - kHybridLlmWeight) * std::clamp(retrieval, 0.0, 1.0);
}

std::vector<RankedPosting> LlmOrder(const std::vector<store::LlmScoreRow>& scores,
                                    const std::vector<index::SearchHit>& candidates, size_t limit) {
  std::unordered_map<int64_t, double> retrieval;
  for (const auto& hit : candidates) retrieval.emplace(hit.posting_id, hit.score);
  auto retrieval_of = [&](int64_t id) -> std::optional<double> {
    auto it = retrieval.find(id);
    return it == retrieval.end() ? std::nullopt : std::optional<double>(it->second);
  };
  std::vector<RankedPosting> scored;
  std::vector<RankedPosting> failed;
  for (const auto& row : scores) {
    RankedPosting ranked{.posting_id = row.posting_id, .retrieval = retrieval_of(row.posting_id), .llm = row};
    if (row.score) {
      ranked.scored = true;
      ranked.score = *row.score / 10.0;
      scored.push_back(std::move(ranked));
    } else {
      failed.push_back(std::move(ranked));
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const RankedPosting& a, const RankedPosting& b) {
    if (*a.llm->score != *b.llm->score) return *a.llm->score > *b.llm->score;
    if (a.retrieval.value_or(-1) != b.retrieval.value_or(-1)) return a.retrieval.value_or(-1) > b.retrieval.value_or(-1);
    return a.posting_id < b.posting_id;
  });
  std::vector<RankedPosting> out = std::move(scored);
  out.insert(out.end(), failed.begin(), failed.end());
  const auto known = ByPosting(scores);
  for (const auto& hit : candidates) {
    if (!known.contains(hit.posting_id)) {
      out.push_back({.posting_id = hit.posting_id, .retrieval = hit.score});
    }
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<RankedPosting> HybridOrder(const std::vector<store::LlmScoreRow>& scores,
                                       const std::vector<index::SearchHit>& candidates, size_t limit) {
  const auto known = ByPosting(scores);
  std::vector<RankedPosting> scored;
  std::vector<RankedPosting> unscored;
  for (const auto& hit : candidates) {
    RankedPosting ranked{.posting_id = hit.posting_id, .retrieval = hit.score};
    auto it = known.find(hit.posting_id);
    if (it != known.end()) ranked.llm = *it->second;
    if (ranked.llm && ranked.llm->score) {
      ranked.scored = true;
      ranked.score = HybridBlend(hit.score, *ranked.llm->score);
      scored.push_back(std::move(ranked));
    } else {
      unscored.push_back(std::move(ranked));
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const RankedPosting& a, const RankedPosting& b) { return *a.score > *b.score; });
  std::vector<RankedPosting> out = std::move(scored);
  out.insert(out.end(), unscored.begin(), unscored.end());  // candidates come best first
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace jobrec::rank
