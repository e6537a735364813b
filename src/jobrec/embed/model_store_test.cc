#include "jobrec/embed/model_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model_suite.h"

namespace jobrec::embed {
namespace {

using ::testing::MatchesRegex;
using testing::ScratchDir;

class ModelStoreTest : public testing::SmallModelSuite {
 protected:
  ModelStoreTest() : dir_("model-store") {}

  ModelInfo SaveAt(int64_t unix_seconds) {
    ModelProvenance provenance{
        .created_at_unix = unix_seconds, .training_lines = 3000, .training_seconds = 0.5};
    auto info = SaveModelVersion(*model_, dir_.path(), provenance);
    EXPECT_TRUE(info.ok()) << info.status();
    return *info;
  }

  ScratchDir dir_;
};

TEST_F(ModelStoreTest, SavesAVersionDirectoryNamedByTimeAndHash) {
  const ModelInfo info = SaveAt(1796220902);  // 2026-12-02T14:15:02Z
  EXPECT_THAT(info.version_id, MatchesRegex("ft-20261202T141502Z-[0-9a-f]{12}"));
  EXPECT_EQ(info.version_id.substr(20), info.sha256.substr(0, 12));
  EXPECT_EQ(info.model_file, "model.bin");
  EXPECT_EQ(info.dim, 16);
  EXPECT_EQ(info.kind, "skipgram");
  EXPECT_EQ(info.training_lines, 3000);
  EXPECT_TRUE(std::filesystem::exists(dir_.File(info.version_id + "/model.bin")));

  auto read = ReadModelInfo(dir_.File(info.version_id));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(ModelInfoToJson(*read), ModelInfoToJson(info));
}

TEST_F(ModelStoreTest, LoadsAVersionAfterCheckingItsHash) {
  const ModelInfo info = SaveAt(1796220902);
  auto loaded = LoadModelVersion(dir_.File(info.version_id));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->info.version_id, info.version_id);
  EXPECT_EQ(loaded->model->SentenceVector("senior engineer"),
            model_->SentenceVector("senior engineer"));
}

TEST_F(ModelStoreTest, ATamperedModelFileIsDataLoss) {
  const ModelInfo info = SaveAt(1796220902);
  {
    std::fstream f(dir_.File(info.version_id + "/model.bin"),
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1000);
    f.put('\x42');
  }
  EXPECT_EQ(LoadModelVersion(dir_.File(info.version_id)).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(ModelStoreTest, SavingTheSameVersionTwiceIsAlreadyExists) {
  SaveAt(1796220902);
  ModelProvenance provenance{.created_at_unix = 1796220902};
  EXPECT_EQ(SaveModelVersion(*model_, dir_.path(), provenance).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(ModelStoreTest, ListsVersionsOldestFirstAndSkipsJunk) {
  const ModelInfo newer = SaveAt(1796220999);
  const ModelInfo older = SaveAt(1796220902);
  std::filesystem::create_directories(dir_.File("not-a-version"));
  std::filesystem::create_directories(dir_.File("broken"));
  std::ofstream(dir_.File("broken/model.json")) << "{not json";
  auto list = ListModelVersions(dir_.path());
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version_id, older.version_id);
  EXPECT_EQ((*list)[1].version_id, newer.version_id);
  EXPECT_EQ(ListModelVersions(dir_.File("missing")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ModelStoreTest, BadModelInfoIsInvalidArgument) {
  std::filesystem::create_directories(dir_.File("v"));
  std::ofstream(dir_.File("v/model.json")) << "[1, 2]";
  EXPECT_EQ(ReadModelInfo(dir_.File("v")).status().code(), absl::StatusCode::kInvalidArgument);
  std::ofstream(dir_.File("v/model.json")) << R"({"version_id": "x"})";
  EXPECT_EQ(ReadModelInfo(dir_.File("v")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadModelInfo(dir_.File("missing")).status().code(), absl::StatusCode::kNotFound);

  nlohmann::json j = ModelInfoToJson(SaveAt(1796220902));
  j["model_file"] = "../../etc/passwd";
  absl::Status st = ModelInfoFromJson(j).status();
  EXPECT_EQ(common::FieldOf(st), "model_file");
  j = ModelInfoToJson(SaveAt(1796220903));
  j["dim"] = "sixteen";
  EXPECT_EQ(common::FieldOf(ModelInfoFromJson(j).status()), "dim");
}

}  // namespace
}  // namespace jobrec::embed
