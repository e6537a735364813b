#include "jobrec/eval/harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobrec::eval {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

EvalDataset TwoQueries() {
  EvalDataset dataset;
  for (int64_t id = 1; id <= 4; ++id) dataset.postings.push_back({.id = id});
  dataset.queries.push_back({.graded_postings = {{1, 3}, {2, 1}}, .exact_count = 1});
  dataset.queries.push_back({.graded_postings = {{3, 3}}, .exact_count = 1});
  return dataset;
}

TEST(ScoreRankingsTest, PerfectRankingsScoreOne) {
  const EngineScores s = ScoreRankings(TwoQueries(), "perfect", {{1, 2, 3}, {3, 1}});
  EXPECT_EQ(s.engine, "perfect");
  EXPECT_DOUBLE_EQ(s.ndcg_at_10, 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at_10, 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at_50, 1.0);
  EXPECT_DOUBLE_EQ(s.mrr, 1.0);
}

TEST(ScoreRankingsTest, MissesAndMissingRankingsCountAsZero) {
  // Query 1 finds its exact posting second; query 2 has no ranking at all.
  const EngineScores s = ScoreRankings(TwoQueries(), "partial", {{4, 1}});
  EXPECT_DOUBLE_EQ(s.mrr, 0.25);  // (1/2 + 0) / 2
  EXPECT_DOUBLE_EQ(s.recall_at_10, 0.5);
  EXPECT_GT(s.ndcg_at_10, 0.0);
  EXPECT_LT(s.ndcg_at_10, 0.5);
}

TEST(FuseReciprocalRankTest, AgreementWinsAndTiesGoToLowerId) {
  const auto fused = FuseReciprocalRank({{1, 2, 3}}, {{2, 4, 1}}, 3);
  ASSERT_EQ(fused.size(), 1u);
  // 2: 1/62 + 1/61, 1: 1/61 + 1/63, then 4 (1/62) before 3 (1/63).
  EXPECT_THAT(fused[0], ElementsAre(2, 1, 4));
  EXPECT_THAT(FuseReciprocalRank({{5}}, {{6}}, 10)[0], ElementsAre(5, 6));
}

TEST(FormatScoreTableTest, OneRowPerEngine) {
  const std::string table = FormatScoreTable(
      {{.engine = "bm25", .ndcg_at_10 = 0.5}, {.engine = "fasttext/avg-cos", .mrr = 0.25}});
  EXPECT_THAT(table, HasSubstr("nDCG@10"));
  EXPECT_THAT(table, HasSubstr("bm25"));
  EXPECT_THAT(table, HasSubstr("0.5000"));
  EXPECT_THAT(table, HasSubstr("fasttext/avg-cos"));
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3);
}

}  // namespace
}  // namespace jobrec::eval
