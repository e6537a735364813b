#include "jobrec/rank/ideal_postings.h"

#include <cmath>

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

double Norm(const std::vector<float>& v) {
  double n = 0;
  for (float x : v) n += static_cast<double>(x) * x;
  return std::sqrt(n);
}

TEST(BlendIdealPostingsTest, LeansTowardTheMeanOfThePostingsByTheWeight) {
  const std::vector<float> profile = {1, 0, 0};
  // The postings' mean direction is (0, 1, 0) whatever their lengths.
  const std::vector<std::vector<float>> postings = {{0, 2, 1}, {0, 2, -1}};
  const std::vector<float> blended = BlendIdealPostings(profile, postings, 0.3);
  ASSERT_EQ(blended.size(), 3u);
  // (0.7, 0.3, 0) normalised.
  const double n = std::sqrt(0.7 * 0.7 + 0.3 * 0.3);
  EXPECT_NEAR(blended[0], 0.7 / n, 1e-6);
  EXPECT_NEAR(blended[1], 0.3 / n, 1e-6);
  EXPECT_NEAR(blended[2], 0.0, 1e-6);
  EXPECT_NEAR(Norm(blended), 1.0, 1e-6);
}

TEST(BlendIdealPostingsTest, AHigherWeightMovesFurther) {
  const std::vector<float> profile = {1, 0};
  const std::vector<std::vector<float>> postings = {{0, 1}};
  EXPECT_LT(BlendIdealPostings(profile, postings, 0.2)[1], BlendIdealPostings(profile, postings, 0.6)[1]);
  // Weight 1 is the postings alone; above 1 counts as 1.
  EXPECT_NEAR(BlendIdealPostings(profile, postings, 1.0)[1], 1.0, 1e-6);
  EXPECT_EQ(BlendIdealPostings(profile, postings, 7.0), BlendIdealPostings(profile, postings, 1.0));
}

TEST(BlendIdealPostingsTest, ANonUnitProfileVectorIsNormalisedFirst) {
  const std::vector<std::vector<float>> postings = {{0, 1}};
  const auto a = BlendIdealPostings({4, 0}, postings, 0.5);
  const auto b = BlendIdealPostings({1, 0}, postings, 0.5);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_NEAR(a[0], b[0], 1e-6);
  EXPECT_NEAR(a[1], b[1], 1e-6);
}

TEST(BlendIdealPostingsTest, NothingToFoldLeavesTheProfileVectorUnchanged) {
  const std::vector<float> profile = {0.6f, 0.8f, 0};
  EXPECT_EQ(BlendIdealPostings(profile, {}, 0.3), profile);
  EXPECT_EQ(BlendIdealPostings(profile, {{0, 0, 1}}, 0.0), profile);
  EXPECT_EQ(BlendIdealPostings(profile, {{0, 0, 1}}, -1.0), profile);
  // Postings without a known word (zeros) or of another model's dimension are skipped.
  EXPECT_EQ(BlendIdealPostings(profile, {{0, 0, 0}, {1, 0}}, 0.3), profile);
}

TEST(BlendIdealPostingsTest, SkipsBadPostingsButUsesTheGoodOnes) {
  const std::vector<float> profile = {1, 0};
  const auto with_bad = BlendIdealPostings(profile, {{0, 0}, {0, 1}, {1, 2, 3}}, 0.3);
  EXPECT_EQ(with_bad, BlendIdealPostings(profile, {{0, 1}}, 0.3));
}

TEST(BlendIdealPostingsTest, AZeroProfileStaysZeroSoTheCallerStillReportsIt) {
  // The engine answers "the profile has no word the model knows" for a zero vector; the
  // postings must not hide that.
  const std::vector<float> zero = {0, 0};
  EXPECT_EQ(BlendIdealPostings(zero, {{0, 1}}, 0.3), zero);
}

TEST(BlendIdealPostingsTest, OppositeDirectionsThatCancelKeepTheProfile) {
  const std::vector<float> profile = {1, 0};
  EXPECT_EQ(BlendIdealPostings(profile, {{-1, 0}}, 0.5), profile);
}

}  // namespace
}  // namespace jobrec::rank
