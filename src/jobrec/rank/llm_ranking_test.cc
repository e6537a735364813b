#include "jobrec/rank/llm_ranking.h"

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

store::LlmScoreRow Scored(int64_t id, int score) {
  return {.posting_id = id, .score = score, .justification = "why"};
}
store::LlmScoreRow Failed(int64_t id) { return {.posting_id = id, .failure = "malformed reply"}; }

std::vector<int64_t> Ids(const std::vector<RankedPosting>& ranked) {
  std::vector<int64_t> ids;
  for (const auto& r : ranked) ids.push_back(r.posting_id);
  return ids;
}

TEST(HybridBlend, WeighsLlmAndRetrieval) {
  EXPECT_DOUBLE_EQ(HybridBlend(0.5, 10), 0.7 + 0.15);
  EXPECT_DOUBLE_EQ(HybridBlend(1.0, 0), 0.3);
  // Retrieval outside [0, 1] (penalised or negative cosines) is clamped.
  EXPECT_DOUBLE_EQ(HybridBlend(-0.4, 5), 0.35);
  EXPECT_DOUBLE_EQ(HybridBlend(3.0, 5), 0.65);
}

TEST(LlmOrder, ScoredByScoreThenFailuresThenUnscoredCandidates) {
  const std::vector<store::LlmScoreRow> scores = {Scored(1, 4), Failed(2), Scored(3, 9), Scored(4, 4)};
  const std::vector<index::SearchHit> candidates = {{7, 0.9f}, {4, 0.8f}, {1, 0.2f}, {8, 0.1f}};
  const auto ranked = LlmOrder(scores, candidates, 10);
  // 3 (9), then 4 and 1 tied at 4: the higher retrieval score first; failed 2; unscored 7, 8.
  EXPECT_EQ(Ids(ranked), (std::vector<int64_t>{3, 4, 1, 2, 7, 8}));
  EXPECT_TRUE(ranked[0].scored);
  EXPECT_DOUBLE_EQ(*ranked[0].score, 0.9);
  EXPECT_FALSE(ranked[3].scored);
  EXPECT_EQ(ranked[3].llm->failure, "malformed reply");
  EXPECT_FALSE(ranked[4].llm.has_value());
  EXPECT_FALSE(ranked[4].score.has_value());
  EXPECT_EQ(Ids(LlmOrder(scores, candidates, 2)), (std::vector<int64_t>{3, 4}));
  EXPECT_TRUE(LlmOrder({}, {}, 5).empty());
}

TEST(HybridOrder, BlendsScoredCandidatesAndKeepsUnscoredAfter) {
  const std::vector<store::LlmScoreRow> scores = {Scored(1, 6), Scored(2, 9), Failed(3), Scored(99, 10)};
  const std::vector<index::SearchHit> candidates = {{1, 0.9f}, {3, 0.8f}, {2, 0.1f}, {4, 0.05f}};
  const auto ranked = HybridOrder(scores, candidates, 10);
  // 1: 0.42 + 0.27 = 0.69; 2: 0.63 + 0.03 = 0.66; 99 is not a candidate (left out).
  EXPECT_EQ(Ids(ranked), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_NEAR(*ranked[0].score, 0.69, 1e-6);
  EXPECT_NEAR(*ranked[1].score, 0.66, 1e-6);
  EXPECT_FALSE(ranked[2].scored);
  EXPECT_FALSE(ranked[2].score.has_value());
  EXPECT_EQ(Ids(HybridOrder(scores, candidates, 1)), (std::vector<int64_t>{1}));
}

}  // namespace
}  // namespace jobrec::rank
