#include "jobrec/embed/sentence_embedder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <span>
#include <thread>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"
#include "jobrec/embed/sif_weighting.h"
#include "jobrec/embed/text_preprocess.h"

namespace jobrec::embed {
namespace {

using testing::ScratchDir;

float MaxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  float worst = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

float Norm(const std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += x * x;
  return static_cast<float>(std::sqrt(sum));
}

class SentenceEmbedderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir("sentence-embedder");
    auto model = testing::TrainSmallModel(scratch_->path());
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = new std::shared_ptr<const FastTextModel>(std::move(*model));
  }
  static void TearDownTestSuite() {
    delete model_;
    delete scratch_;
  }

  std::unique_ptr<SentenceEmbedder> MakeEmbedder(size_t cache = 1000) {
    auto embedder = SentenceEmbedder::Create(*model_, {.oov_cache_capacity = cache});
    EXPECT_TRUE(embedder.ok()) << embedder.status();
    return std::move(embedder).value();
  }
  std::vector<float> Ours(const SentenceEmbedder& e, const std::string& line) {
    std::vector<float> out(e.Dimension());
    e.EmbedLine(line, out, OutputNorm::kAsFastText);
    return out;
  }

  static ScratchDir* scratch_;
  static std::shared_ptr<const FastTextModel>* model_;
};
ScratchDir* SentenceEmbedderTest::scratch_ = nullptr;
std::shared_ptr<const FastTextModel>* SentenceEmbedderTest::model_ = nullptr;

TEST_F(SentenceEmbedderTest, MatchesGetSentenceVectorOnTheTrainingCorpus) {
  auto embedder = MakeEmbedder();
  std::ifstream in(scratch_->File("small_corpus.txt"));
  std::string line;
  int lines = 0;
  float worst = 0;
  while (std::getline(in, line)) {
    worst = std::max(worst, MaxAbsDiff(Ours(*embedder, line), (*model_)->SentenceVector(line)));
    ++lines;
  }
  EXPECT_GT(lines, 2000);
  EXPECT_LE(worst, 1e-5f);
}

TEST_F(SentenceEmbedderTest, MatchesGetSentenceVectorWithUnknownWords) {
  auto embedder = MakeEmbedder();
  for (const std::string line :
       {"zzqx qwv", "senior zzqx engineer", "développeuse münchner c+++ ci/cd/ef",
        "エンジニアです москвич", "x", "term1 term1 term1 unknown1 unknown1", "\xF0\x9F\x9A\x80"}) {
    EXPECT_LE(MaxAbsDiff(Ours(*embedder, line), (*model_)->SentenceVector(line)), 1e-5f) << line;
  }
}

TEST_F(SentenceEmbedderTest, EmptyAndBlankLinesGiveZeros) {
  auto embedder = MakeEmbedder();
  const std::vector<float> zeros(16, 0.0f);
  EXPECT_EQ(Ours(*embedder, ""), zeros);
  EXPECT_EQ(Ours(*embedder, "   "), zeros);
  EXPECT_EQ(embedder->Embed("!!! ???"), zeros);
}

TEST_F(SentenceEmbedderTest, UnitLengthOutputHasNormOne) {
  auto embedder = MakeEmbedder();
  const std::vector<float> v = embedder->Embed("Senior Software Engineer (C++, CI/CD)");
  EXPECT_NEAR(Norm(v), 1.0f, 1e-5f);
  const std::vector<float> raw =
      embedder->Embed("Senior Software Engineer (C++, CI/CD)", OutputNorm::kAsFastText);
  EXPECT_LT(Norm(raw), 1.0f);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], raw[i] / Norm(raw), 1e-5f);
}

TEST_F(SentenceEmbedderTest, EmbedPreprocessesLikeTraining) {
  auto embedder = MakeEmbedder();
  const std::string text = "  SENIOR\tSoftware-Engineer;\nNode.js & C#  ";
  std::vector<float> expected(16);
  embedder->EmbedLine(PreprocessText(text), expected);
  EXPECT_EQ(embedder->Embed(text), expected);
}

TEST_F(SentenceEmbedderTest, WordVectorMatchesNormalisedFastTextVector) {
  auto embedder = MakeEmbedder();
  for (const std::string word : {"engineer", "zzqx"}) {
    std::vector<float> ours(16);
    EXPECT_EQ(embedder->WordVector(word, ours), word == "engineer");
    std::vector<float> theirs = (*model_)->WordVector(word);
    const float n = Norm(theirs);
    for (float& x : theirs) x /= n;
    EXPECT_LE(MaxAbsDiff(ours, theirs), 1e-6f) << word;
  }
}

TEST_F(SentenceEmbedderTest, OovCacheCountsHitsAndStaysBounded) {
  auto embedder = MakeEmbedder(/*cache=*/64);
  embedder->Embed("zzqa zzqb zzqa");
  WordVectorCacheStats stats = embedder->OovCacheStats();
  EXPECT_EQ(stats.misses, 2u);
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.size, 2u);
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "oov" + std::to_string(i) + "x ";
  const std::vector<float> first = embedder->Embed(many);
  stats = embedder->OovCacheStats();
  EXPECT_LE(stats.size, 64u + 16u);  // per-shard rounding
  EXPECT_GT(stats.evictions, 4000u);
  // Evictions do not change results.
  EXPECT_EQ(embedder->Embed(many), first);
}

TEST_F(SentenceEmbedderTest, DisabledCacheGivesTheSameVectors) {
  auto cached = MakeEmbedder(1000);
  auto uncached = MakeEmbedder(0);
  const std::string text = "zzqx senior unknownword engineer";
  EXPECT_EQ(cached->Embed(text), uncached->Embed(text));
  EXPECT_EQ(uncached->OovCacheStats().size, 0u);
}

TEST_F(SentenceEmbedderTest, ConcurrentEmbedsAgreeWithSequentialOnes) {
  auto embedder = MakeEmbedder(/*cache=*/32);  // small: threads evict each other's entries
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) {
    texts.push_back("senior engineer oov" + std::to_string(i % 50) + " nurse term" +
                    std::to_string(i % 300) + " rare" + std::to_string(i));
  }
  std::vector<std::vector<float>> expected;
  for (const auto& t : texts) expected.push_back(embedder->Embed(t));
  std::atomic<int> mismatches{0};
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 5; ++round) {
          for (size_t i = t; i < texts.size(); i += 1 + t) {
            if (embedder->Embed(texts[i]) != expected[i]) ++mismatches;
          }
        }
      });
    }
  }
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(SentenceEmbedderTest, BatchMatchesSingleEmbeds) {
  auto embedder = MakeEmbedder();
  const std::vector<std::string> texts = {"senior engineer", "", "nurse care zzqx", "c++ c#",
                                          "truck driver delivery"};
  for (int threads : {1, 3, 16}) {
    const std::vector<float> batch = embedder->EmbedBatch(texts, OutputNorm::kUnitLength, threads);
    ASSERT_EQ(batch.size(), texts.size() * 16);
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_EQ(std::vector<float>(batch.begin() + i * 16, batch.begin() + (i + 1) * 16),
                embedder->Embed(texts[i]))
          << "text " << i << " threads " << threads;
    }
  }
  EXPECT_TRUE(embedder->EmbedBatch({}, OutputNorm::kUnitLength, 4).empty());
}

TEST(SentenceEmbedderCreateTest, RejectsNullModel) {
  EXPECT_EQ(SentenceEmbedder::Create(nullptr).status().code(), absl::StatusCode::kInvalidArgument);
}

double Dot(const std::vector<float>& a, std::span<const float> b) {
  double sum = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) sum += double(a[i]) * b[i];
  return sum;
}

TEST_F(SentenceEmbedderTest, SifWeightsFollowTheTrainingCounts) {
  auto embedder = MakeEmbedder();
  const FastTextModel& model = **model_;
  const std::vector<int64_t> counts = model.WordCounts();
  ASSERT_EQ(counts.size(), static_cast<size_t>(model.VocabularySize()));
  // fastText sorts the vocabulary by count: id 1 (after "</s>") is the most frequent word.
  const std::string frequent = model.Word(1);
  const std::string rare = model.Word(model.VocabularySize() - 1);
  ASSERT_GT(counts[1], counts.back());
  EXPECT_LT(embedder->SifWeightOf(frequent), embedder->SifWeightOf(rare));
  // An unknown word weighs a share of what a word just below min_count would.
  const int64_t total = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  const float below_min_count = SifWeight(model.Options().min_count - 1, total);
  EXPECT_FLOAT_EQ(embedder->SifWeightOf("zzqxunknownword"),
                  kOutOfVocabularyShare * below_min_count);
  EXPECT_LT(embedder->SifWeightOf("zzqxunknownword"), embedder->SifWeightOf(rare));
}

TEST(SentenceEmbedderSifTest, ATinyTrainingCorpusFallsBackToThePlainMean) {
  testing::ScratchDir dir("sentence-embedder-tiny");
  {
    std::ofstream out(dir.File("tiny.txt"));
    for (int i = 0; i < 40; ++i) out << "nurse patient care ward " << i % 7 << "\n";
  }
  TrainOptions options;
  options.dim = 8;
  options.epoch = 1;
  options.min_count = 1;
  options.threads = 1;
  options.bucket = 1000;
  auto model = FastTextModel::Train(dir.File("tiny.txt"), options);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_LT((*model)->TrainingTokens(), kSifMinTrainingTokens);
  auto embedder = SentenceEmbedder::Create(std::move(*model));
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  EXPECT_FLOAT_EQ((*embedder)->SifWeightOf("nurse"), 1.0f);
  EXPECT_FLOAT_EQ((*embedder)->SifWeightOf("zzqunknown"), 1.0f);
  const std::span<const float> u = (*embedder)->CommonComponent();
  EXPECT_TRUE(std::all_of(u.begin(), u.end(), [](float x) { return x == 0; }));
  const auto sif =
      (*embedder)->Embed("nurse on the ward", OutputNorm::kUnitLength, Weighting::kSif);
  const auto mean = (*embedder)->Embed("nurse on the ward");
  EXPECT_LE(MaxAbsDiff(sif, mean), 1e-6f);
}

TEST_F(SentenceEmbedderTest, SifVectorsAreUnitLengthAndFreeOfTheCommonComponent) {
  auto embedder = MakeEmbedder();
  const std::span<const float> u = embedder->CommonComponent();
  ASSERT_EQ(u.size(), static_cast<size_t>(embedder->Dimension()));
  EXPECT_NEAR(Norm(std::vector<float>(u.begin(), u.end())), 1.0f, 1e-5);
  for (const std::string text : {"Senior Software Engineer (C++, CI/CD)", "nurse", "zzqa zzqb"}) {
    const std::vector<float> v = embedder->Embed(text, OutputNorm::kUnitLength, Weighting::kSif);
    EXPECT_NEAR(Norm(v), 1.0f, 1e-5) << text;
    EXPECT_NEAR(Dot(v, u), 0.0, 1e-5) << text;
  }
  EXPECT_EQ(embedder->Embed("", OutputNorm::kUnitLength, Weighting::kSif),
            std::vector<float>(embedder->Dimension(), 0.0f));
}

TEST_F(SentenceEmbedderTest, SifIsTheWeightedMeanMinusTheCommonComponent) {
  auto embedder = MakeEmbedder();
  const FastTextModel& model = **model_;
  const std::string a = model.Word(1), b = model.Word(model.VocabularySize() - 1);
  const int dim = embedder->Dimension();
  std::vector<float> va(dim), vb(dim), expected(dim);
  embedder->WordVector(a, va);
  embedder->WordVector(b, vb);
  for (int i = 0; i < dim; ++i) {
    expected[i] = (embedder->SifWeightOf(a) * va[i] + embedder->SifWeightOf(b) * vb[i]) / 2;
  }
  RemoveComponent(expected, embedder->CommonComponent());
  std::vector<float> got(dim);
  embedder->EmbedLine(a + " " + b, got, OutputNorm::kAsFastText, Weighting::kSif);
  EXPECT_LE(MaxAbsDiff(got, expected), 1e-6f);
  // The batch path gives the same vectors.
  EXPECT_EQ(embedder->EmbedBatch({a + " " + b}, OutputNorm::kAsFastText, 2, Weighting::kSif),
            got);
}

}  // namespace
}  // namespace jobrec::embed
