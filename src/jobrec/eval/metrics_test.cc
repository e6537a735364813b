#include "jobrec/eval/metrics.h"

#include <cmath>
#include <map>

#include <gtest/gtest.h>

namespace jobrec::eval {
namespace {

GradeOf Grades(std::map<int64_t, int> grades) {
  return [grades](int64_t id) {
    auto it = grades.find(id);
    return it == grades.end() ? 0 : it->second;
  };
}

TEST(MetricsTest, PerfectRankingHasNdcgOne) {
  auto grade = Grades({{1, 3}, {2, 2}, {3, 1}});
  EXPECT_DOUBLE_EQ(NdcgAtK({1, 2, 3, 4}, grade, {3, 2, 1}, 10), 1.0);
}

TEST(MetricsTest, NdcgByHand) {
  auto grade = Grades({{1, 3}, {2, 1}});
  // Ranking 2, 9, 1: DCG = 1/log2(2) + 7/log2(4); ideal = 7/log2(2) + 1/log2(3).
  double expected = (1.0 + 7.0 / 2.0) / (7.0 + 1.0 / std::log2(3.0));
  EXPECT_NEAR(NdcgAtK({2, 9, 1}, grade, {3, 1}, 10), expected, 1e-12);
  // Cut at k = 1: only the first position counts.
  EXPECT_NEAR(NdcgAtK({2, 9, 1}, grade, {3, 1}, 1), 1.0 / 7.0, 1e-12);
  EXPECT_EQ(NdcgAtK({1, 2}, grade, {}, 10), 0.0);
}

TEST(MetricsTest, RecallAndReciprocalRank) {
  auto grade = Grades({{5, 3}, {6, 3}, {7, 1}});
  EXPECT_DOUBLE_EQ(RecallAtK({1, 5, 7, 6}, grade, 2, 2, 3), 0.5);
  EXPECT_DOUBLE_EQ(RecallAtK({1, 5, 7, 6}, grade, 2, 10, 3), 1.0);
  EXPECT_DOUBLE_EQ(RecallAtK({1}, grade, 0, 10, 3), 0.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank({1, 7, 5}, grade, 3), 1.0 / 3);
  EXPECT_DOUBLE_EQ(ReciprocalRank({1, 7, 5}, grade, 1), 0.5);
  EXPECT_DOUBLE_EQ(ReciprocalRank({1, 2}, grade, 3), 0.0);
  EXPECT_DOUBLE_EQ(Mean({1, 2, 3}), 2.0);
  EXPECT_DOUBLE_EQ(Mean({}), 0.0);
}

}  // namespace
}  // namespace jobrec::eval
