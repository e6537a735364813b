#include "jobrec/rank/profile_vector.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::rank {
namespace {

double Norm(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += double(x) * x;
  return std::sqrt(s);
}

class ProfileVectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    embed::testing::ScratchDir dir("profile-vector-test");
    auto model = embed::testing::TrainSmallModel(dir.path());
    ASSERT_TRUE(model.ok()) << model.status();
    auto embedder = embed::SentenceEmbedder::Create(std::move(*model));
    ASSERT_TRUE(embedder.ok()) << embedder.status();
    embedder_ = std::move(*embedder).release();
  }
  static void TearDownTestSuite() { delete embedder_; }
  static embed::SentenceEmbedder* embedder_;
};
embed::SentenceEmbedder* ProfileVectorTest::embedder_ = nullptr;

TEST_F(ProfileVectorTest, IsUnitLengthWeightedSumOfParts) {
  profile::Profile p;
  p.job_titles = {"software engineer"};
  p.ideal_job = "build data pipelines";
  const auto v = ProfileVector(*embedder_, p);
  ASSERT_EQ(v.size(), static_cast<size_t>(embedder_->Dimension()));
  EXPECT_NEAR(Norm(v), 1.0, 1e-5);

  // With all weight on the titles the vector is the title's own unit vector.
  const auto titles_only =
      ProfileVector(*embedder_, p, {.titles = 1, .ideal_job = 0, .skills = 0, .sectors = 0});
  const auto title =
      embedder_->Embed("software engineer", embed::OutputNorm::kUnitLength, kEngineWeighting);
  double dot = 0;
  for (size_t i = 0; i < title.size(); ++i) dot += double(title[i]) * titles_only[i];
  EXPECT_NEAR(dot, 1.0, 1e-5);
}

TEST_F(ProfileVectorTest, UsesTheRequestedWeighting) {
  profile::Profile p;
  p.job_titles = {"software engineer"};
  const profile::EmbeddingMix titles = {.titles = 1, .ideal_job = 0, .skills = 0, .sectors = 0};
  const auto mean = ProfileVector(*embedder_, p, titles, embed::Weighting::kMean);
  const auto sif = ProfileVector(*embedder_, p, titles, embed::Weighting::kSif);
  const auto near = [](const std::vector<float>& a, const std::vector<float>& b) {
    float worst = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      worst = std::max(worst, std::abs(a[i] - b[i]));
    }
    return worst <= 1e-6f;
  };
  EXPECT_TRUE(near(mean, embedder_->Embed("software engineer")));
  EXPECT_TRUE(near(sif, embedder_->Embed("software engineer", embed::OutputNorm::kUnitLength,
                                         embed::Weighting::kSif)));
  EXPECT_FALSE(near(mean, sif));
}

TEST_F(ProfileVectorTest, EmptyProfileGivesZeros) {
  const auto v = ProfileVector(*embedder_, profile::Profile{});
  EXPECT_EQ(Norm(v), 0.0);
}

TEST(ProfileQueryTextTest, JoinsPartsByNewlines) {
  profile::Profile p;
  p.job_titles = {"nurse", "midwife"};
  p.ideal_job = "a calm ward";
  p.technical_skills = {{"triage", 100}};
  EXPECT_EQ(ProfileQueryText(p), "nurse\nmidwife\na calm ward\ntriage");
  EXPECT_EQ(ProfileQueryText(profile::Profile{}), "");
}

}  // namespace
}  // namespace jobrec::rank
