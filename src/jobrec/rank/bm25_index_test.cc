#include "jobrec/rank/bm25_index.h"

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

std::vector<Bm25Document> Corpus() {
  return {
      {1, "Data Scientist", "Build statistical models in Python and SQL."},
      {2, "Line Cook", "Prepare vegetables, grill meat, keep the kitchen clean."},
      {3, "Data Engineer", "Maintain SQL pipelines and Python services."},
      {4, "Pastry Chef", "Bake bread and pastries; data entry of orders."},
  };
}

TEST(Bm25IndexTest, RanksTitleMatchesFirst) {
  Bm25Index index(Corpus());
  auto results = index.Search("data scientist python", 10);
  ASSERT_GE(results.size(), 3u);
  EXPECT_EQ(results[0].id, 1);
  EXPECT_EQ(results[1].id, 3);
  for (size_t i = 1; i < results.size(); ++i) EXPECT_GE(results[i - 1].score, results[i].score);
}

TEST(Bm25IndexTest, ScoreAgreesWithSearch) {
  Bm25Index index(Corpus());
  for (const auto& r : index.Search("sql pipelines", 10)) {
    EXPECT_NEAR(index.Score("sql pipelines", r.id), r.score, 1e-9);
  }
  EXPECT_EQ(index.Score("sql", 999), 0);
}

TEST(Bm25IndexTest, UnknownTermsAndEmptyQueriesFindNothing) {
  Bm25Index index(Corpus());
  EXPECT_TRUE(index.Search("astronaut", 10).empty());
  EXPECT_TRUE(index.Search("", 10).empty());
  EXPECT_TRUE(Bm25Index({}).Search("data", 10).empty());
}

TEST(Bm25IndexTest, KLimitsResults) {
  Bm25Index index(Corpus());
  EXPECT_EQ(index.Search("data", 1).size(), 1u);
}

TEST(Bm25IndexTest, RareTermsWeighMoreThanCommonOnes) {
  Bm25Index index(Corpus());
  // "pastries" appears once, "data" three times: the rare term decides.
  auto results = index.Search("data pastries", 1);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].id, 4);
}

}  // namespace
}  // namespace jobrec::rank
