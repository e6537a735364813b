#include "jobrec/embed/sif_weighting.h"

#include <gtest/gtest.h>

#include <cmath>

namespace jobrec::embed {
namespace {

TEST(SifWeightTest, FrequentWordsWeighLess) {
  EXPECT_FLOAT_EQ(SifWeight(1, 1000, 1e-3), 1e-3 / (1e-3 + 1e-3));  // p = a: one half
  EXPECT_LT(SifWeight(500, 1000), SifWeight(5, 1000));
  EXPECT_NEAR(SifWeight(1000, 1000, 1e-3), 1e-3 / 1.001, 1e-9);
}

TEST(SifWeightTest, UnseenWordsAndEmptyCorporaWeighOne) {
  EXPECT_FLOAT_EQ(SifWeight(0, 1000), 1.0f);
  EXPECT_FLOAT_EQ(SifWeight(5, 0), 1.0f);
  EXPECT_FLOAT_EQ(SifWeight(-3, 10), 1.0f);
}

TEST(SifWeightTest, WeightsOfAVocabularyUseTheSumOfItsCounts) {
  const std::vector<float> w = SifWeights({900, 90, 10, 0}, 0.01);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_NEAR(w[0], 0.01 / (0.01 + 0.9), 1e-6);
  EXPECT_NEAR(w[1], 0.01 / (0.01 + 0.09), 1e-6);
  EXPECT_NEAR(w[2], 0.5, 1e-6);
  EXPECT_FLOAT_EQ(w[3], 1.0f);
  EXPECT_TRUE(SifWeights({}).empty());
}

TEST(FirstPrincipalComponentTest, FindsTheDominantDirection) {
  // Points spread along (3, 4)/5 with a little noise across it.
  const std::vector<float> rows = {3, 4, -3, -4, 6, 8, 0.8f, -0.6f, -0.4f, 0.3f};
  const std::vector<float> weights = {1, 1, 1, 1, 1};
  const std::vector<float> u = FirstPrincipalComponent(rows, 2, weights);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_NEAR(u[0], 0.6, 1e-4);
  EXPECT_NEAR(u[1], 0.8, 1e-4);  // sign: the largest coordinate is positive
}

TEST(FirstPrincipalComponentTest, RowWeightsCount) {
  const std::vector<float> rows = {1, 0, 0, 1};
  EXPECT_NEAR(FirstPrincipalComponent(rows, 2, std::vector<float>{5, 1})[0], 1.0, 1e-5);
  EXPECT_NEAR(FirstPrincipalComponent(rows, 2, std::vector<float>{1, 5})[1], 1.0, 1e-5);
}

TEST(FirstPrincipalComponentTest, SymmetricRowsDoNotStall) {
  const std::vector<float> rows = {1, -1, -2, 2};
  const std::vector<float> u = FirstPrincipalComponent(rows, 2, std::vector<float>{1, 1});
  EXPECT_NEAR(std::abs(u[0]), std::sqrt(0.5), 1e-4);
  EXPECT_NEAR(u[0], -u[1], 1e-4);
}

TEST(FirstPrincipalComponentTest, ZeroInputGivesZeros) {
  EXPECT_EQ(FirstPrincipalComponent(std::vector<float>{0, 0, 0}, 3, std::vector<float>{1}),
            std::vector<float>(3, 0.0f));
  EXPECT_EQ(FirstPrincipalComponent(std::vector<float>{1, 2}, 2, std::vector<float>{0}),
            std::vector<float>(2, 0.0f));
  EXPECT_EQ(FirstPrincipalComponent({}, 2, {}), std::vector<float>(2, 0.0f));
}

TEST(RemoveComponentTest, LeavesTheOrthogonalPart) {
  std::vector<float> v = {3, 4, 5};
  const std::vector<float> u = {0, 1, 0};
  RemoveComponent(v, u);
  EXPECT_EQ(v, (std::vector<float>{3, 0, 5}));
  const std::vector<float> zero = {0, 0, 0};
  RemoveComponent(v, zero);
  EXPECT_EQ(v, (std::vector<float>{3, 0, 5}));
}

}  // namespace
}  // namespace jobrec::embed
