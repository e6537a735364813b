#include "jobrec/embed/training_corpus.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jobrec/embed/testing/scratch_dir.h"

namespace jobrec::embed {
namespace {

TEST(TrainingCorpusWriterTest, WritesOnePreprocessedLinePerText) {
  testing::ScratchDir dir("training-corpus");
  auto writer = TrainingCorpusWriter::Create(dir.File("corpus.txt"));
  ASSERT_TRUE(writer.ok()) << writer.status();
  (*writer)->Add("Senior C++ Engineer\n\nBuild things.");
  (*writer)->Add("   ");  // no tokens: skipped
  (*writer)->Add("Nurse");
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ((*writer)->lines(), 2);
  EXPECT_EQ((*writer)->tokens(), 6);
  std::ifstream in(dir.File("corpus.txt"));
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "senior c++ engineer build things\nnurse\n");
}

TEST(TrainingCorpusWriterTest, UnwritablePathIsUnavailable) {
  EXPECT_EQ(TrainingCorpusWriter::Create("/nonexistent/dir/corpus.txt").status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(TrainingCorpusWriterTest, FullDiskIsReportedByFinish) {
  auto writer = TrainingCorpusWriter::Create("/dev/full");
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (int i = 0; i < 10000; ++i) (*writer)->Add("some words to fill the buffer");
  EXPECT_EQ((*writer)->Finish().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace jobrec::embed
