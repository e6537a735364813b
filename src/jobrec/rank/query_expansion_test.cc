#include "jobrec/rank/query_expansion.h"

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

TEST(ExpandQueryTest, AddsTheWeightedMeanOfTheFeedback) {
  const std::vector<float> query = {1, 0, 0};
  auto expanded = ExpandQuery(query, {{0, 1, 0}, {0, 0, 1}}, 1.0f);
  ASSERT_TRUE(expanded.ok()) << expanded.status();
  EXPECT_EQ(*expanded, (std::vector<float>{1, 0.5f, 0.5f}));
  expanded = ExpandQuery(query, {{0, 2, 0}}, 0.5f);
  ASSERT_TRUE(expanded.ok()) << expanded.status();
  EXPECT_EQ(*expanded, (std::vector<float>{1, 1, 0}));
}

TEST(ExpandQueryTest, NoFeedbackOrZeroWeightKeepsTheQuery) {
  const std::vector<float> query = {0.6f, 0.8f};
  auto expanded = ExpandQuery(query, {}, 1.0f);
  ASSERT_TRUE(expanded.ok());
  EXPECT_EQ(*expanded, query);
  expanded = ExpandQuery(query, {{1, 0}}, 0.0f);
  ASSERT_TRUE(expanded.ok());
  EXPECT_EQ(*expanded, query);
}

TEST(ExpandQueryTest, RejectsAMismatchedDimensionOrABadWeight) {
  const std::vector<float> query = {1, 0};
  EXPECT_TRUE(absl::IsInvalidArgument(ExpandQuery(query, {{1, 0, 0}}, 1.0f).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ExpandQuery(query, {{1, 0}}, -0.1f).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ExpandQuery(query, {{1, 0}}, NAN).status()));
}

}  // namespace
}  // namespace jobrec::rank
