#include <cmath>

#include <gtest/gtest.h>

#include "jobrec/feedback/agreement.h"
#include "jobrec/feedback/comment_rules.h"
#include "jobrec/feedback/review_reasons.h"
#include "jobrec/feedback/rocchio.h"
#include "jobrec/feedback/shrunk_ridge.h"

namespace jobrec::feedback {
namespace {

TEST(RocchioTest, DecayHalvesPerHalfLife) {
  EXPECT_DOUBLE_EQ(DecayWeight(0, 30), 1.0);
  EXPECT_DOUBLE_EQ(DecayWeight(30, 30), 0.5);
  EXPECT_DOUBLE_EQ(DecayWeight(60, 30), 0.25);
  EXPECT_DOUBLE_EQ(DecayWeight(-5, 30), 1.0) << "ratings from the future are not boosted";
}

TEST(RocchioTest, MovesTowardLikedAndAwayFromDisliked) {
  std::vector<RatedVector> ratings = {{{1, 0, 0}, 10, 0}, {{0, 1, 0}, 1, 0}};
  auto delta = LearnedDelta(ratings, 3);
  EXPECT_GT(delta[0], 0);
  EXPECT_LT(delta[1], 0);
  EXPECT_EQ(delta[2], 0);
  auto refined = RefinedVector({0, 0, 1}, delta);
  double norm = 0;
  for (float v : refined) norm += v * v;
  EXPECT_NEAR(norm, 1.0, 1e-6);
  EXPECT_GT(refined[0], 0);
  EXPECT_LT(refined[1], 0);
}

TEST(RocchioTest, OldRatingsWeighLess) {
  RocchioOptions options;
  // Two liked postings in different directions; the recent one must dominate.
  auto delta = LearnedDelta({{{1, 0}, 10, 0}, {{0, 1}, 10, 90}}, 2, options);
  EXPECT_GT(delta[0], delta[1] * 4);
}

TEST(RocchioTest, NoRatingsNoChange) {
  auto delta = LearnedDelta({}, 3);
  EXPECT_EQ(delta, std::vector<float>(3, 0.0f));
  auto refined = RefinedVector({0.6f, 0.8f, 0}, delta);
  EXPECT_NEAR(refined[0], 0.6f, 1e-6);
  EXPECT_TRUE(LearnedDelta({{{1, 2}, 10, 0}}, 3) == std::vector<float>(3, 0.0f))
      << "vectors of the wrong dimension are ignored";
}

TEST(ShrunkRidgeTest, FewRatingsStayNearTheGlobalModel) {
  LinearModel global{{1.0, 0.0}, 0.0};
  // Three ratings that say the opposite of the global model.
  std::vector<Example> few = {{{1, 0}, 0.0}, {{0, 1}, 1.0}, {{1, 1}, 0.5}};
  auto shrunk = FitRidge(few, global, 10.0);
  ASSERT_TRUE(shrunk.ok());
  EXPECT_GT(shrunk->weights[0], 0.5) << "three ratings must not swing the model";
  // Many consistent ratings do move it.
  std::vector<Example> many;
  for (int i = 0; i < 300; ++i) many.insert(many.end(), few.begin(), few.end());
  auto learned = FitRidge(many, global, 10.0);
  ASSERT_TRUE(learned.ok());
  // The unpenalised fit of these ratings is w = (-0.5, 0.5), b = 0.5; 900 ratings get most
  // of the way there despite the same penalty.
  EXPECT_LT(learned->weights[0], -0.3);
  EXPECT_GT(learned->weights[1], 0.3);
}

TEST(ShrunkRidgeTest, RecoversAKnownModelAndRejectsBadInput) {
  std::vector<Example> examples;
  for (int i = 0; i < 50; ++i) {
    double a = i % 7, b = (i * 3) % 5;
    examples.push_back({{a, b}, 0.3 * a - 0.2 * b + 0.1});
  }
  auto fit = FitRidge(examples, {{0, 0}, 0}, 1e-9);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->weights[0], 0.3, 1e-6);
  EXPECT_NEAR(fit->weights[1], -0.2, 1e-6);
  EXPECT_NEAR(fit->bias, 0.1, 1e-6);
  EXPECT_FALSE(FitRidge({{{1.0}, 1.0}}, {{0, 0}, 0}, 1).ok());
  EXPECT_EQ(FitRidge({}, {{0.5, 0.5}, 0.1}, 1)->weights[0], 0.5);
}

TEST(AgreementTest, SpearmanAndPairwise) {
  EXPECT_NEAR(*Spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0, 1e-12);
  EXPECT_NEAR(*Spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-12);
  EXPECT_FALSE(Spearman({1, 2}, {1, 2}).has_value());
  EXPECT_FALSE(Spearman({1, 1, 1}, {1, 2, 3}).has_value());
  EXPECT_NEAR(*PairwiseAccuracy({0.9, 0.5, 0.1}, {9, 5, 1}), 1.0, 1e-12);
  EXPECT_NEAR(*PairwiseAccuracy({0.1, 0.5, 0.9}, {9, 5, 1}), 0.0, 1e-12);
  EXPECT_NEAR(*PairwiseAccuracy({0.5, 0.5}, {9, 1}), 0.5, 1e-12);
  EXPECT_FALSE(PairwiseAccuracy({0.1, 0.2}, {5, 5}).has_value());
}

TEST(CommentRulesTest, LexiconFindsReasons) {
  auto reasons = ReasonsInComment("Way too senior for me, and it's an AGENCY posting");
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0], RuleKind::kTooSenior);
  EXPECT_EQ(reasons[1], RuleKind::kAgency);
  EXPECT_TRUE(ReasonsInComment("Great fit, applied!").empty());
  EXPECT_TRUE(ReasonsInComment("not too far, nice team").empty()) << "negation";
  EXPECT_TRUE(ReasonsInComment("agencyless").empty()) << "word boundary";
  EXPECT_EQ(ReasonsInComment("no remote option at all")[0], RuleKind::kNeedsRemote);
}

TEST(CommentRulesTest, ProposesRecurringReasonsFromNegativeRatingsOnly) {
  std::vector<RatedComment> ratings = {
      {"too senior", 2, false}, {"Too senior again", 3, false}, {"agency", 0, true},
      {"too senior but I love it", 9, false},  // positive: not evidence
      {"commute is too far", 4, false}, {"", 1, false}};
  // Without reasons from an LLM, the lexicon's (review_reasons.h).
  std::vector<ReviewWithReasons> reviews;
  for (const RatedComment& rating : ratings) reviews.push_back({.rating = rating});
  auto rules = ProposeRulesFromReviews(reviews, 2);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].kind, RuleKind::kTooSenior);
  EXPECT_EQ(rules[0].evidence, 2);
  EXPECT_EQ(ProposeRulesFromReviews(reviews, 1).size(), 3u);
}

TEST(CommentRulesTest, NamesRoundTripAndAgencyDetection) {
  for (auto kind : {RuleKind::kTooSenior, RuleKind::kAgency, RuleKind::kLowSalary}) {
    EXPECT_EQ(ParseRuleKind(RuleKindName(kind)), kind);
    EXPECT_FALSE(RuleDescription(kind).empty());
  }
  EXPECT_FALSE(ParseRuleKind("bogus").has_value());
  EXPECT_TRUE(LooksLikeAgency("Hays Recruitment", ""));
  EXPECT_TRUE(LooksLikeAgency("Acme", "We are hiring on behalf of our client, a bank."));
  EXPECT_FALSE(LooksLikeAgency("Northwind Analytics", "Join our team."));
}

}  // namespace
}  // namespace jobrec::feedback
