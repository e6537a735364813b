#include "jobrec/eval/eval_engines.h"

#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::eval {
namespace {

class EvalEnginesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    embed::testing::ScratchDir dir("eval-engines-test");
    auto model = embed::testing::TrainSmallModel(dir.path());
    ASSERT_TRUE(model.ok()) << model.status();
    auto embedder = embed::SentenceEmbedder::Create(std::move(*model));
    ASSERT_TRUE(embedder.ok()) << embedder.status();
    embedder_ = new std::shared_ptr<const embed::SentenceEmbedder>(std::move(*embedder));
  }
  static void TearDownTestSuite() { delete embedder_; }

  static EvalDataset Dataset() {
    EvalDataset dataset;
    dataset.postings = {{.id = 1, .title = "nurse", .description = "patient care school"},
                        {.id = 2, .title = "truck driver", .description = "delivery truck"},
                        {.id = 3, .title = "software engineer", .description = "python sql"},
                        {.id = 4, .title = "teacher", .description = "school students"}};
    EvalQuery nurse, driver, unknown;
    nurse.profile.job_titles = {"nurse"};
    nurse.profile.ideal_job = "patient care";
    driver.profile.job_titles = {"truck driver"};
    unknown.profile.job_titles = {"!!!"};
    dataset.queries = {nurse, driver, unknown};
    return dataset;
  }

  static std::shared_ptr<const embed::SentenceEmbedder>* embedder_;
};
std::shared_ptr<const embed::SentenceEmbedder>* EvalEnginesTest::embedder_ = nullptr;

TEST_F(EvalEnginesTest, TheServedEngineRanksLikeExactCosineOnASmallPool) {
  const EvalDataset dataset = Dataset();
  const rank::PostingTextVectors vectors = EmbedPostings(dataset, **embedder_, 2);
  ASSERT_EQ(vectors.titles.size(), 4u * vectors.dim);
  auto engine = EngineRankings(dataset, *embedder_, vectors, 4);
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<Ranking> exact = ExactRankings(dataset, **embedder_, vectors, {}, 4);
  ASSERT_EQ(engine->size(), 3u);
  ASSERT_EQ(exact.size(), 3u);
  EXPECT_EQ((*engine)[0], exact[0]);
  EXPECT_EQ((*engine)[1], exact[1]);
  EXPECT_EQ((*engine)[0].front(), 1);  // the nurse posting first for the nurse
  EXPECT_EQ((*engine)[1].front(), 2);
  // A profile without a known word gets no ranking from the engine.
  EXPECT_TRUE((*engine)[2].empty());
}

TEST_F(EvalEnginesTest, ExpansionDominatedByTheFirstHitRanksByThatHit) {
  // Two profiles with the same first hit but different orders after it: expanded by that hit
  // with an overwhelming weight, both queries become (almost) its vector, so both rank the
  // pool alike. Without the expansion they would not.
  EvalDataset dataset;
  dataset.postings = {{.id = 1, .title = "nurse", .description = "patient care"},
                      {.id = 2, .title = "teacher", .description = "school students"},
                      {.id = 3, .title = "truck driver", .description = "delivery"},
                      {.id = 4, .title = "software engineer", .description = "python sql"},
                      {.id = 5, .title = "warehouse", .description = "forklift"},
                      {.id = 6, .title = "sales manager", .description = "excel team"}};
  EvalQuery care, care_and_code;
  care.profile.job_titles = {"nurse"};
  care.profile.ideal_job = "patient care";
  care_and_code.profile.job_titles = {"nurse"};
  care_and_code.profile.ideal_job = "patient care python";
  dataset.queries = {care, care_and_code};
  const rank::PostingTextVectors vectors = EmbedPostings(dataset, **embedder_, 1);
  const std::vector<Ranking> plain =
      ExactRankings(dataset, **embedder_, vectors, {.expansion_postings = 0}, 6);
  const std::vector<Ranking> expanded = ExactRankings(
      dataset, **embedder_, vectors, {.expansion_postings = 1, .expansion_weight = 1e4f}, 6);
  ASSERT_EQ(plain.size(), 2u);
  ASSERT_EQ(plain[0].front(), 1);
  ASSERT_EQ(plain[1].front(), 1);
  ASSERT_NE(plain[0], plain[1]) << "the pool must tell the two profiles apart without expansion";
  EXPECT_EQ(expanded[0], expanded[1]);
  EXPECT_EQ(expanded[0].front(), 1);
  EXPECT_EQ(expanded[0].size(), 6u);
}

TEST_F(EvalEnginesTest, ABadDepthIsTheIndexError) {
  const EvalDataset dataset = Dataset();
  const rank::PostingTextVectors vectors = EmbedPostings(dataset, **embedder_, 1);
  EXPECT_EQ(EngineRankings(dataset, *embedder_, vectors, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EvalEnginesTest, TheWeightingOfTheVectorsIsTheOneAskedFor) {
  const EvalDataset dataset = Dataset();
  const auto sif = EmbedPostings(dataset, **embedder_, 1);
  const auto mean = EmbedPostings(dataset, **embedder_, 1, embed::Weighting::kMean);
  EXPECT_EQ(std::vector<float>(mean.titles.begin(), mean.titles.begin() + mean.dim),
            (*embedder_)->Embed("nurse"));
  EXPECT_NE(sif.titles, mean.titles);
}

}  // namespace
}  // namespace jobrec::eval
