#include "jobrec/eval/feedback_simulation.h"

#include <algorithm>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::eval {
namespace {

using ::testing::HasSubstr;

TEST(ReadPostingFactsTest, KeepsWhatTheFeaturesNeedAndAgesFromTheNewestPosting) {
  embed::testing::ScratchDir dir("feedback-sim-facts");
  std::ofstream(dir.File("postings.jsonl"))
      << R"({"provider":"demo","external_id":"a","title":"Nurse","description":"Care",)"
      << R"("remote":"hybrid","location":{"text":"Lyon, France","city":"Lyon","country":"FR"},)"
      << R"("salary":{"min":30000,"max":40000,"currency":"EUR","period":"year"},)"
      << R"("posted_at":"2026-10-01T00:00:00Z","labels":{"onet_soc":"29-1141.00","job_zone":3}})"
      << "\n"
      << R"({"provider":"demo","external_id":"b","title":"Driver","description":"Trucks",)"
      << R"("posted_at":"2026-10-11T00:00:00Z"})" << "\n"
      << R"({"provider":"demo","external_id":"c","title":"Baker","description":"Bread"})" << "\n";
  auto facts = ReadPostingFacts(dir.File("postings.jsonl"));
  ASSERT_TRUE(facts.ok()) << facts.status();
  ASSERT_EQ(facts->size(), 3u);
  const auto& a = (*facts)[0];
  EXPECT_EQ(a.title, "Nurse");
  EXPECT_EQ(a.job_zone, 3);
  EXPECT_EQ(a.remote, "hybrid");
  EXPECT_EQ(a.city, "Lyon");
  EXPECT_EQ(a.salary_max, 40000);
  EXPECT_EQ(a.salary_currency, "EUR");
  EXPECT_DOUBLE_EQ(*a.age_days, 10.0);
  EXPECT_DOUBLE_EQ(*(*facts)[1].age_days, 0.0);
  EXPECT_FALSE((*facts)[1].job_zone.has_value());
  EXPECT_EQ((*facts)[1].remote, "");
  EXPECT_FALSE((*facts)[2].age_days.has_value());
  EXPECT_FALSE(ReadPostingFacts(dir.File("missing.jsonl")).ok());
}

TEST(SimulatedRatingTest, GradesMapToTheDocumentedScale) {
  EXPECT_EQ(SimulatedRating(3), 9);
  EXPECT_EQ(SimulatedRating(2), 7);
  EXPECT_EQ(SimulatedRating(1), 5);
  EXPECT_EQ(SimulatedRating(0), 2);
}

// A small pool in the small model's vocabulary: four occupations, each with its own postings.
class FeedbackSimulationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new embed::testing::ScratchDir("feedback-sim");
    auto model = embed::testing::TrainSmallModel(dir_->path());
    ASSERT_TRUE(model.ok()) << model.status();
    auto embedder = embed::SentenceEmbedder::Create(std::move(*model));
    ASSERT_TRUE(embedder.ok()) << embedder.status();
    embedder_ = embedder->release();
  }
  static void TearDownTestSuite() {
    delete embedder_;
    delete dir_;
  }

  FeedbackSimulationTest() {
    const std::vector<std::pair<std::string, std::string>> kinds = {
        {"software engineer", "python sql kubernetes developer team"},
        {"nurse", "patient care team experience"},
        {"truck driver", "delivery truck forklift warehouse"},
        {"teacher", "school students care"}};
    for (size_t k = 0; k < kinds.size(); ++k) {
      EvalQuery query;
      query.profile.job_titles = {kinds[k].first};
      for (int i = 0; i < 6; ++i) {
        const int64_t id = static_cast<int64_t>(dataset_.postings.size()) + 1;
        dataset_.postings.push_back({.id = id,
                                     .title = (i % 2 ? "senior " : "junior ") + kinds[k].first,
                                     .description = kinds[k].second});
        query.graded_postings.emplace_back(id, i < 4 ? 3 : 1);
        facts_.push_back({.title = dataset_.postings.back().title,
                          .description = kinds[k].second});
      }
      query.exact_count = 4;
      dataset_.queries.push_back(std::move(query));
    }
    std::vector<std::string> titles, descriptions;
    for (const auto& p : dataset_.postings) {
      titles.push_back(p.title);
      descriptions.push_back(p.description);
    }
    vectors_ = rank::EmbedPostingTexts(*embedder_, titles, descriptions);
    options_.rounds = 3;
    options_.report_after = {0, 1, 3};
    options_.shown_per_round = 2;
    options_.candidates = 8;
  }

  static embed::testing::ScratchDir* dir_;
  static embed::SentenceEmbedder* embedder_;
  EvalDataset dataset_;
  std::vector<feedback::PostingFacts> facts_;
  rank::PostingTextVectors vectors_;
  FeedbackSimulationOptions options_;
};
embed::testing::ScratchDir* FeedbackSimulationTest::dir_ = nullptr;
embed::SentenceEmbedder* FeedbackSimulationTest::embedder_ = nullptr;

TEST_F(FeedbackSimulationTest, ReportsEveryMethodAfterEveryRequestedRound) {
  auto result = RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options_);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->train_users, 2u);
  EXPECT_EQ(result->evaluated_users, 2u) << "the second half of 4 users";
  EXPECT_EQ(result->skipped_users, 0u);
  EXPECT_EQ(result->train_ratings, result->train_users * 2 * 3 * 2)
      << "two methods x three rounds x two postings per train user";
  ASSERT_EQ(result->methods.size(), 4u);
  for (const auto& m : result->methods) {
    ASSERT_EQ(m.ndcg_at_10.size(), 3u) << m.method;
    for (double v : m.ndcg_at_10) {
      EXPECT_GE(v, 0.0);
      EXPECT_LE(v, 1.0);
    }
  }
  EXPECT_EQ(result->methods[0].ndcg_at_10[0], result->methods[1].ndcg_at_10[0])
      << "no feedback and refinement show the same first page";
  const std::string table = FormatFeedbackTable(*result);
  EXPECT_THAT(table, HasSubstr("round 3"));
  EXPECT_THAT(table, HasSubstr("vs none @3"));
  EXPECT_THAT(table, HasSubstr("learned ranker"));
}

TEST_F(FeedbackSimulationTest, IsDeterministicForASeed) {
  auto a = RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options_);
  auto b = RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options_);
  ASSERT_TRUE(a.ok() && b.ok());
  for (size_t m = 0; m < a->methods.size(); ++m) {
    EXPECT_EQ(a->methods[m].ndcg_at_10, b->methods[m].ndcg_at_10);
  }
  EXPECT_EQ(a->global_ranker.weights, b->global_ranker.weights);
}

TEST_F(FeedbackSimulationTest, AblationHidesTheRatedPostingsFromTheRanker) {
  const auto& names = feedback::RankerFeatureNames();
  const size_t liked = static_cast<size_t>(
      std::find(names.begin(), names.end(), "liked_similarity") - names.begin());
  ASSERT_LT(liked, names.size());
  auto with = RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options_);
  auto options = options_;
  options.rated_similarity_features = false;
  auto without = RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options);
  ASSERT_TRUE(with.ok() && without.ok());
  EXPECT_NE(with->global_ranker.weights[liked], 0.0);
  EXPECT_EQ(without->global_ranker.weights[liked], 0.0) << "the feature is always absent";
}

TEST_F(FeedbackSimulationTest, RejectsInconsistentInput) {
  auto options = options_;
  options.report_after = {0, 4};
  EXPECT_THAT(RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options)
                  .status()
                  .message(),
              HasSubstr("beyond"));
  options = options_;
  options.candidates = 0;
  EXPECT_FALSE(RunFeedbackSimulation(dataset_, facts_, *embedder_, vectors_, options).ok());
  auto fewer_facts = facts_;
  fewer_facts.pop_back();
  EXPECT_FALSE(RunFeedbackSimulation(dataset_, fewer_facts, *embedder_, vectors_, options_).ok());
  auto one_user = dataset_;
  one_user.queries.resize(1);
  EXPECT_FALSE(RunFeedbackSimulation(one_user, facts_, *embedder_, vectors_, options_).ok());
}

}  // namespace
}  // namespace jobrec::eval
