#include "jobrec/rank/posting_vector.h"

#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::rank {
namespace {

TEST(CombinePostingVectorTest, WeighsTitleAgainstDescription) {
  const std::vector<float> t = {1, 0, 2};
  const std::vector<float> d = {0, 4, 2};
  EXPECT_EQ(CombinePostingVector(t, d, 0.5f), (std::vector<float>{0.5f, 2, 2}));
  EXPECT_EQ(CombinePostingVector(t, d, 1.0f), t);
  EXPECT_EQ(CombinePostingVector(t, d, 0.0f), d);
}

TEST(CombinePostingVectorTest, AShortDescriptionCountsAsZeros) {
  const std::vector<float> t = {2, 2};
  EXPECT_EQ(CombinePostingVector(t, std::vector<float>{}, 0.5f), (std::vector<float>{1, 1}));
  EXPECT_TRUE(CombinePostingVector({}, t, 0.5f).empty());
}

TEST(EmbedPostingTextsTest, EmbedsTitlesAndDescriptionsWithTheEngineWeighting) {
  embed::testing::ScratchDir dir("posting-vector-test");
  auto model = embed::testing::TrainSmallModel(dir.path());
  ASSERT_TRUE(model.ok()) << model.status();
  auto embedder = embed::SentenceEmbedder::Create(std::move(*model));
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  const std::vector<std::string> titles = {"software engineer", ""};
  const std::vector<std::string> descriptions = {"build data pipelines", "nurse on a ward"};
  const PostingTextVectors v = EmbedPostingTexts(**embedder, titles, descriptions, 2);
  const int dim = (*embedder)->Dimension();
  ASSERT_EQ(v.dim, dim);
  ASSERT_EQ(v.titles.size(), 2u * dim);
  ASSERT_EQ(v.descriptions.size(), 2u * dim);
  const auto expected =
      (*embedder)->Embed(descriptions[1], embed::OutputNorm::kUnitLength, kEngineWeighting);
  EXPECT_EQ(std::vector<float>(v.descriptions.begin() + dim, v.descriptions.end()), expected);
  EXPECT_EQ(std::vector<float>(v.titles.begin() + dim, v.titles.end()),
            std::vector<float>(dim, 0.0f));
}

}  // namespace
}  // namespace jobrec::rank
