#include "jobrec/feedback/learned_part.h"

#include <gtest/gtest.h>

#include "jobrec/feedback/learned_terms.h"
#include "jobrec/feedback/seniority.h"

namespace jobrec::feedback {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kNow = 1000 * kDay;

store::StoredReview Review(int64_t posting, std::optional<int> score, int64_t age_days,
                           bool not_interested = false, bool applied = false) {
  store::StoredReview review;
  review.posting_id = posting;
  review.score = score;
  review.not_interested = not_interested;
  review.applied = applied;
  review.updated_at_micros = kNow - age_days * kDay;
  review.created_at_micros = review.updated_at_micros;
  return review;
}

// Postings 1, 2, 3 point along the three axes (not unit length: ComputeLearnedPart normalises).
std::vector<PostingForLearning> Axes() {
  return {{1, {2, 0, 0}, "Pastry Chef", "croissants and dough"},
          {2, {0, 3, 0}, "Registered Nurse", "patients and wards"},
          {3, {0, 0, 1}, "Kubernetes Engineer", "clusters and croissants"}};
}

TEST(LearnedPartTest, HighRatingsPullAndLowOnesPush) {
  const LearnedPart part = ComputeLearnedPart({Review(1, 10, 0), Review(2, 1, 0)}, Axes(), 3, kNow, std::nullopt);
  ASSERT_EQ(part.delta.size(), 3u);
  EXPECT_GT(part.delta[0], 0);
  EXPECT_LT(part.delta[1], 0);
  EXPECT_FLOAT_EQ(part.delta[2], 0);
  EXPECT_EQ(part.reviews_used, 2);
  // Pull 0.75 toward the liked unit vector, push 0.25 away from the disliked one (rocchio.h).
  EXPECT_NEAR(part.delta[0], 0.75, 1e-6);
  EXPECT_NEAR(part.delta[1], -0.25, 1e-6);
}

TEST(LearnedPartTest, AnOldRatingWeighsLessThanARecentOne) {
  // Two liked postings: the recent one dominates the mean; half-life 30 days.
  const LearnedPart recent_first =
      ComputeLearnedPart({Review(1, 10, 0), Review(3, 10, 60)}, Axes(), 3, kNow, std::nullopt);
  EXPECT_GT(recent_first.delta[0], recent_first.delta[2]);
  EXPECT_NEAR(recent_first.delta[0] / recent_first.delta[2], 4.0, 1e-4);  // 2^(60/30)
  const LearnedPart same_age =
      ComputeLearnedPart({Review(1, 10, 0), Review(3, 10, 0)}, Axes(), 3, kNow, std::nullopt);
  EXPECT_NEAR(same_age.delta[0], same_age.delta[2], 1e-6);
}

TEST(LearnedPartTest, NotInterestedCountsAsOneAndAppliedAloneTeachesNothing) {
  EXPECT_EQ(TeachingScore(Review(1, std::nullopt, 0, true)), 1.0);
  EXPECT_EQ(TeachingScore(Review(1, 9, 0, true)), 1.0);
  EXPECT_EQ(TeachingScore(Review(1, std::nullopt, 0, false, true)), std::nullopt);
  const LearnedPart part = ComputeLearnedPart({Review(2, std::nullopt, 0, true), Review(1, std::nullopt, 0, false, true)},
                                              Axes(), 3, kNow, std::nullopt);
  EXPECT_EQ(part.reviews_used, 1);
  EXPECT_LT(part.delta[1], 0);
  EXPECT_FLOAT_EQ(part.delta[0], 0);
}

TEST(LearnedPartTest, ReviewsBeforeAResetAndUnusableVectorsAreSkipped) {
  const std::vector<store::StoredReview> reviews = {Review(1, 10, 10), Review(2, 2, 1)};
  const LearnedPart part = ComputeLearnedPart(reviews, Axes(), 3, kNow, kNow - 5 * kDay);
  EXPECT_EQ(part.reviews_used, 1);
  EXPECT_FLOAT_EQ(part.delta[0], 0);
  EXPECT_LT(part.delta[1], 0);
  // A posting without a vector, one of another dimension and a zero vector teach nothing.
  std::vector<PostingForLearning> odd = {{1, {1, 0}, "a", ""}, {2, {0, 0, 0}, "b", ""}};
  const LearnedPart none = ComputeLearnedPart({Review(1, 10, 0), Review(2, 1, 0), Review(9, 10, 0)}, odd, 3, kNow,
                                              std::nullopt);
  EXPECT_EQ(none.reviews_used, 0);
  EXPECT_EQ(none.delta, std::vector<float>(3, 0.0f));
  EXPECT_TRUE(none.terms.toward.empty());
  // A neutral-ish score pulls little: 6 is 0.5 above neutral, 10 is 4.5 above.
  EXPECT_EQ(ComputeLearnedPart({Review(1, 6, 0)}, Axes(), 3, kNow, std::nullopt).reviews_used, 1);
}

TEST(LearnedPartTest, TermsSayWhatWasLikedAndDisliked) {
  const LearnedPart part = ComputeLearnedPart({Review(1, 10, 0), Review(2, 1, 0), Review(3, 9, 0)}, Axes(), 3, kNow,
                                              std::nullopt);
  // Title words weigh double: "chef" and "pastry" (2 x 4.5) before "croissants" (4.5 + 3.5, in
  // both liked descriptions), before "dough" (4.5).
  ASSERT_GE(part.terms.toward.size(), 4u);
  EXPECT_EQ(part.terms.toward[0].term, "chef");
  EXPECT_DOUBLE_EQ(part.terms.toward[0].weight, 1.0);
  EXPECT_EQ(part.terms.toward[1].term, "pastry");
  EXPECT_EQ(part.terms.toward[2].term, "croissants");
  EXPECT_NEAR(part.terms.toward[2].weight, 8.0 / 9.0, 0.006);
  ASSERT_FALSE(part.terms.away.empty());
  for (const auto& term : part.terms.away) {
    EXPECT_TRUE(term.term == "registered" || term.term == "nurse" || term.term == "patients" || term.term == "wards")
        << term.term;
    EXPECT_LT(term.weight, 0);
  }
}

TEST(LearnedTermsTest, WordsCancelLimitAndIgnoreNoise) {
  EXPECT_EQ(DistinctWords("The C++ team: Kubernetes, kubernetes! 2024 ok café"),
            (std::vector<std::string>{"café", "kubernetes"}));
  const LearnedTerms terms = TermsFromRatings({{"shared alpha", 2}, {"shared beta", -2}, {"", 5}, {"gamma", 0}}, 1);
  ASSERT_EQ(terms.toward.size(), 1u);
  EXPECT_EQ(terms.toward[0].term, "alpha");
  ASSERT_EQ(terms.away.size(), 1u);
  EXPECT_EQ(terms.away[0].term, "beta");
  EXPECT_DOUBLE_EQ(terms.away[0].weight, -1.0);
  EXPECT_TRUE(TermsFromRatings({}).toward.empty());
}

TEST(SeniorityTest, LevelsAndFactors) {
  EXPECT_EQ(PostingLevel("Kubernetes Platform Engineer"), 2);
  EXPECT_EQ(PostingLevel("Junior Developer"), 1);
  EXPECT_EQ(PostingLevel("Senior Pastry Chef"), 3);
  EXPECT_EQ(PostingLevel("Lead Nurse"), 4);
  EXPECT_EQ(PostingLevel("Head of Engineering"), 5);
  EXPECT_EQ(PostingLevel("Senior Staff Engineer"), 4);
  EXPECT_EQ(PostingLevel("Trainee Director"), 5) << "the highest marker wins";
  EXPECT_EQ(ExperienceLevel("0-6 months"), 1);
  EXPECT_EQ(ExperienceLevel("1-2 years"), 2);
  EXPECT_EQ(ExperienceLevel("10+ years"), 4);
  EXPECT_EQ(ExperienceLevel(""), std::nullopt);
  EXPECT_EQ(ExperienceLevel("forever"), std::nullopt);
  EXPECT_DOUBLE_EQ(SeniorityFactor(3, 2, true), 0.8);
  EXPECT_DOUBLE_EQ(SeniorityFactor(5, 2, true), 0.8 * 0.8 * 0.8);
  EXPECT_DOUBLE_EQ(SeniorityFactor(1, 2, true), 1.0);
  EXPECT_DOUBLE_EQ(SeniorityFactor(1, 3, false), 0.8 * 0.8);
  EXPECT_DOUBLE_EQ(SeniorityFactor(4, 3, false), 1.0);
}

}  // namespace
}  // namespace jobrec::feedback
