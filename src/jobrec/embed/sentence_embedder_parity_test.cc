// Parity of the fast embedder with fastText's getSentenceVector over the whole demo corpus
// (every title and every description, preprocessed as in production), with a model trained
// here on every fourth posting: that bounds the training time in CI (a full-corpus epoch
// took over 60 s on a busy 2-core machine) and leaves words of the other postings out of the
// vocabulary, so the out-of-vocabulary path is checked too.
// Needs data/demo/postings.jsonl.gz: without it the test fails.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/embed/testing/demo_corpus.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/text_preprocess.h"
#include "jobrec/embed/training_corpus.h"

namespace jobrec::embed {
namespace {

constexpr size_t kTrainEvery = 4;

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

TrainOptions ParityTrainOptions() {
  TrainOptions options;
  options.dim = 100;
  options.epoch = 1;
  options.threads = 2;
  options.bucket = 500000;
  return options;
}

TEST(SentenceEmbedderParityTest, MatchesFastTextOnEveryDemoTitleAndDescription) {
  auto postings = testing::ReadDemoCorpus(testing::DemoCorpusPath());
  ASSERT_TRUE(postings.ok()) << postings.status();
  ASSERT_GT(postings->size(), 1000u);

  testing::ScratchDir dir("parity");
  std::vector<std::string> lines;
  {
    auto writer = TrainingCorpusWriter::Create(dir.File("corpus.txt"));
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (size_t i = 0; i < postings->size(); ++i) {
      const testing::DemoPosting& p = (*postings)[i];
      for (const std::string* text : {&p.title, &p.description}) {
        lines.push_back(PreprocessText(*text));
        if (i % kTrainEvery == 0) (*writer)->Add(*text);
      }
    }
    ASSERT_TRUE((*writer)->Finish().ok());
  }

  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  auto trained = FastTextModel::Train(dir.File("corpus.txt"), ParityTrainOptions());
  const double train_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double train_cpu_seconds = ProcessCpuSeconds() - cpu_start;
  ASSERT_TRUE(trained.ok()) << trained.status();
  std::shared_ptr<const FastTextModel> model = std::move(*trained);
  std::cout << "trained dim 100, epoch 1, 2 threads on every " << kTrainEvery
            << "th posting: " << model->TrainingTokens() << " tokens in " << train_seconds
            << " s wall, " << train_cpu_seconds << " s CPU; vocabulary " << model->VocabularySize()
            << "\n";
  ::testing::Test::RecordProperty("train_seconds", std::to_string(train_seconds));

  auto embedder = SentenceEmbedder::Create(model);
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  std::vector<float> ours(100);
  float worst = 0;
  size_t worst_line = 0;
  size_t nonzero = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    (*embedder)->EmbedLine(lines[i], ours, OutputNorm::kAsFastText);
    const std::vector<float> reference = model->SentenceVector(lines[i]);
    for (int d = 0; d < 100; ++d) {
      const float diff = std::abs(ours[d] - reference[d]);
      if (diff > worst) {
        worst = diff;
        worst_line = i;
      }
    }
    nonzero += reference[0] != 0;
  }
  std::cout << "max |ours - getSentenceVector| over " << lines.size() << " texts: " << worst
            << "\n";
  EXPECT_LE(worst, 1e-5f) << "worst line: " << lines[worst_line];
  EXPECT_GT(nonzero, lines.size() * 9 / 10);
  std::cout << "out-of-vocabulary words computed: " << (*embedder)->OovCacheStats().misses << "\n";
  EXPECT_GT((*embedder)->OovCacheStats().misses, 100u);
}

}  // namespace
}  // namespace jobrec::embed
