#include "jobrec/embed/fasttext_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <stop_token>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"
#include "jobrec/embed/testing/small_model_suite.h"

namespace jobrec::embed {
namespace {

using testing::ScratchDir;

class FastTextModelTest : public testing::SmallModelSuite {};

TEST_F(FastTextModelTest, ExposesWhatTheEmbedderNeeds) {
  EXPECT_EQ(model_->Dimension(), 16);
  EXPECT_EQ(model_->Kind(), ModelKind::kSkipgram);
  EXPECT_FALSE(model_->IsQuantized());
  EXPECT_GT(model_->VocabularySize(), 50);
  EXPECT_EQ(model_->Subwords().bucket, 20000);
  EXPECT_EQ(model_->Subwords().nwords, model_->VocabularySize());
  EXPECT_EQ(model_->InputRows(), model_->VocabularySize() + 20000);
  ASSERT_NE(model_->DenseInputMatrix(), nullptr);
  const int32_t id = model_->WordId("engineer");
  ASSERT_GE(id, 0);
  EXPECT_EQ(model_->Word(id), "engineer");
  EXPECT_EQ(model_->WordId("notaword"), -1);
  const std::vector<int32_t> ids = model_->SubwordIds("engineer");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], id);
  // An unknown word only has n-gram rows, all past the vocabulary.
  for (int32_t row : model_->SubwordIds("notaword")) EXPECT_GE(row, model_->VocabularySize());
  EXPECT_EQ(model_->Options().dim, 16);
  EXPECT_GT(model_->TrainingTokens(), 1000);
}

TEST_F(FastTextModelTest, AddInputRowAddsTheDenseRow) {
  std::vector<float> acc(16, 1.0f);
  model_->AddInputRow(3, acc.data());
  for (int i = 0; i < 16; ++i) {
    EXPECT_FLOAT_EQ(acc[i], 1.0f + model_->DenseInputMatrix()[3 * 16 + i]);
  }
}

TEST_F(FastTextModelTest, SaveAndLoadRoundTrip) {
  const std::string path = scratch_->File("roundtrip.bin");
  ASSERT_TRUE(model_->Save(path).ok());
  auto loaded = FastTextModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->VocabularySize(), model_->VocabularySize());
  EXPECT_EQ((*loaded)->SentenceVector("senior engineer c++ unknownword"),
            model_->SentenceVector("senior engineer c++ unknownword"));
}

TEST_F(FastTextModelTest, SentenceVectorReadsOneLine) {
  EXPECT_EQ(model_->SentenceVector("nurse care\nteacher school"),
            model_->SentenceVector("nurse care"));
  EXPECT_EQ(model_->SentenceVector(""), std::vector<float>(16, 0.0f));
}

TEST_F(FastTextModelTest, SaveToAnUnwritablePathFails) {
  EXPECT_EQ(model_->Save(scratch_->File("missing-dir/model.bin")).code(),
            absl::StatusCode::kUnavailable);
}

TEST(FastTextModelLoadTest, MissingFileIsNotFound) {
  EXPECT_EQ(FastTextModel::Load("/nonexistent/model.bin").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(FastTextModelLoadTest, GarbageIsInvalidArgument) {
  ScratchDir dir("fasttext-garbage");
  for (const std::string& content :
       {std::string(""), std::string("not a model at all"), std::string(4096, '\xff')}) {
    std::ofstream(dir.File("bad.bin"), std::ios::binary) << content;
    EXPECT_EQ(FastTextModel::Load(dir.File("bad.bin")).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(FastTextModelTrainTest, RejectsBadOptions) {
  TrainOptions options;
  options.minn = 7;
  options.maxn = 6;
  absl::Status st = FastTextModel::Train("/dev/null", options).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::FieldOf(st), "minn");
  options = TrainOptions();
  options.dim = 0;
  EXPECT_EQ(common::FieldOf(FastTextModel::Train("/dev/null", options).status()), "dim");
}

TEST(FastTextModelTrainTest, MissingCorpusIsInvalidArgument) {
  EXPECT_EQ(FastTextModel::Train("/nonexistent/corpus.txt", TrainOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FastTextModelTrainTest, EmptyVocabularyIsInvalidArgument) {
  ScratchDir dir("fasttext-empty");
  std::ofstream(dir.File("corpus.txt")) << "only a few words\n";
  TrainOptions options;
  options.min_count = 100;
  absl::Status st = FastTextModel::Train(dir.File("corpus.txt"), options).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
}

TEST(FastTextModelTrainTest, StopRequestCancelsTraining) {
  ScratchDir dir("fasttext-stop");
  ASSERT_TRUE(testing::WriteSyntheticCorpus(dir.File("corpus.txt"), 2000).ok());
  std::stop_source stop;
  stop.request_stop();
  TrainOptions options;
  options.dim = 8;
  options.bucket = 1000;
  options.epoch = 1000;  // would take minutes without the stop
  absl::Status st =
      FastTextModel::Train(dir.File("corpus.txt"), options, stop.get_token()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled) << st;
}

}  // namespace
}  // namespace jobrec::embed
