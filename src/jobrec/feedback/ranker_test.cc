#include "jobrec/feedback/ranker.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "jobrec/feedback/agreement.h"
#include "jobrec/feedback/ranker_features.h"

namespace jobrec::feedback {
namespace {

const size_t kFeatures = RankerFeatureNames().size();

// Feature vectors with the first two features (engine score, title similarity) random.
std::vector<double> RandomFeatures(std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> f(kFeatures, 0.0);
  f[0] = unit(random);
  f[1] = unit(random);
  return f;
}

// Everyone rates by the engine score; the global model must learn that.
LinearModel GlobalFromTitleLovers() {
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0, 0.5);
  std::vector<RatedFeatures> ratings;
  for (int i = 0; i < 2000; ++i) {
    auto f = RandomFeatures(random);
    ratings.push_back({f, 1 + 9 * f[0] + noise(random)});
  }
  auto global = TrainGlobalRanker(ratings);
  EXPECT_TRUE(global.ok()) << global.status();
  return *global;
}

// A contrarian who rates by title similarity only.
std::vector<RatedFeatures> ContrarianRatings(size_t n, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<RatedFeatures> ratings;
  for (size_t i = 0; i < n; ++i) {
    auto f = RandomFeatures(random);
    ratings.push_back({f, 1 + 9 * f[1]});
  }
  return ratings;
}

double Distance(const LinearModel& a, const LinearModel& b) {
  double d = 0;
  for (size_t i = 0; i < a.weights.size(); ++i) d += std::pow(a.weights[i] - b.weights[i], 2);
  return std::sqrt(d);
}

TEST(RankerTest, GlobalModelLearnsWhatEveryoneRewards) {
  LinearModel global = GlobalFromTitleLovers();
  EXPECT_NEAR(global.weights[0], 1.0, 0.1);  // target = (score - 1) / 9 = engine score
  EXPECT_NEAR(global.weights[1], 0.0, 0.1);
}

TEST(RankerTest, ThreeRatingsDoNotSwingTheRanking) {
  const LinearModel global = GlobalFromTitleLovers();
  auto user = TrainUserRanker(global, ContrarianRatings(3, 1));
  ASSERT_TRUE(user.ok()) << user.status();
  std::mt19937_64 random(3);
  std::vector<std::vector<double>> candidates;
  std::vector<double> global_scores, user_scores;
  for (int i = 0; i < 50; ++i) {
    candidates.push_back(RandomFeatures(random));
    global_scores.push_back(global.Score(candidates.back()));
    user_scores.push_back(user->Score(candidates.back()));
  }
  EXPECT_GT(*Spearman(global_scores, user_scores), 0.9)
      << "three contrary ratings must leave the ranking close to the global one";
  // Whereas an unshrunk fit of the same three ratings would reorder it.
  auto unshrunk = TrainUserRanker(global, ContrarianRatings(3, 1), {.user_lambda = 1e-6});
  ASSERT_TRUE(unshrunk.ok());
  std::vector<double> unshrunk_scores;
  for (const auto& c : candidates) unshrunk_scores.push_back(unshrunk->Score(c));
  EXPECT_LT(*Spearman(global_scores, unshrunk_scores), 0.5);
}

TEST(RankerTest, PersonalModelMovesFurtherWithMoreRatings) {
  const LinearModel global = GlobalFromTitleLovers();
  double previous = 0;
  for (size_t n : {0, 3, 10, 30, 100, 300}) {
    auto user = TrainUserRanker(global, ContrarianRatings(n, 11));
    ASSERT_TRUE(user.ok());
    const double distance = Distance(*user, global);
    if (n == 0) {
      EXPECT_EQ(distance, 0) << "no ratings: the global model";
    } else {
      EXPECT_GT(distance, previous) << n << " ratings";
    }
    previous = distance;
  }
  auto many = TrainUserRanker(global, ContrarianRatings(300, 11));
  EXPECT_GT(many->weights[1], many->weights[0])
      << "300 ratings make the person's taste outweigh the global one";
}

TEST(RankerTest, RejectsWrongFeatureCounts) {
  EXPECT_FALSE(TrainGlobalRanker({{{1.0, 2.0}, 5}}).ok());
  EXPECT_FALSE(TrainUserRanker(LinearModel{{1.0}, 0}, {}).ok());
  const LinearModel global = GlobalFromTitleLovers();
  EXPECT_FALSE(TrainUserRanker(global, {{{1.0}, 5}}).ok());
  auto empty = TrainGlobalRanker({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->weights, std::vector<double>(kFeatures, 0.0));
}

TEST(RankerTest, RatingTargetIsClamped) {
  EXPECT_DOUBLE_EQ(RatingTarget(1), 0.0);
  EXPECT_DOUBLE_EQ(RatingTarget(10), 1.0);
  EXPECT_DOUBLE_EQ(RatingTarget(-4), 0.0);
  EXPECT_DOUBLE_EQ(RatingTarget(40), 1.0);
}

TEST(RankerTest, RankCandidatesBestFirstTiesInEngineOrder) {
  LinearModel model{std::vector<double>(kFeatures, 0.0), 0};
  model.weights[0] = 1;
  std::vector<std::vector<double>> c(4, std::vector<double>(kFeatures, 0.0));
  c[0][0] = 0.2;
  c[1][0] = 0.9;
  c[2][0] = 0.2;
  c[3][0] = 0.5;
  EXPECT_EQ(RankCandidates(model, c), (std::vector<size_t>{1, 3, 0, 2}));
  EXPECT_TRUE(RankCandidates(model, {}).empty());
}

TEST(RankerTest, JsonRoundTrip) {
  const LinearModel global = GlobalFromTitleLovers();
  const nlohmann::json json = RankerModelToJson(global);
  EXPECT_TRUE(json["weights"].contains("title_similarity"));
  auto back = RankerModelFromJson(nlohmann::json::parse(json.dump()));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->weights, global.weights);
  EXPECT_EQ(back->bias, global.bias);
}

TEST(RankerTest, JsonRejectsModelsOfAnotherShape) {
  const nlohmann::json good = RankerModelToJson(GlobalFromTitleLovers());
  EXPECT_EQ(common::FieldOf(RankerModelFromJson(nlohmann::json::array()).status()), "ranker");
  auto with = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = good;
    edit(j);
    return common::FieldOf(RankerModelFromJson(j).status());
  };
  EXPECT_EQ(with([](auto& j) { j["version"] = 2; }), "ranker.version");
  EXPECT_EQ(with([](auto& j) { j.erase("bias"); }), "ranker.bias");
  EXPECT_EQ(with([](auto& j) { j["bias"] = "0.1"; }), "ranker.bias");
  EXPECT_EQ(with([](auto& j) { j["weights"] = 3; }), "ranker.weights");
  EXPECT_EQ(with([](auto& j) { j["weights"]["unknown_feature"] = 1; }), "ranker.weights");
  EXPECT_EQ(with([](auto& j) {
              j["weights"].erase("freshness");
              j["weights"]["renamed"] = 1;
            }),
            "ranker.weights.freshness");
  EXPECT_EQ(with([](auto& j) { j["weights"]["freshness"] = nullptr; }), "ranker.weights.freshness");
}

}  // namespace
}  // namespace jobrec::feedback
