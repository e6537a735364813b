#include "jobrec/embed/subword_hasher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"

namespace jobrec::embed {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FastTextHashTest, IsFnv1aWithSignExtendedBytes) {
  EXPECT_EQ(FastTextHash(""), 2166136261u);
  EXPECT_EQ(FastTextHash("a"), 0xe40c292cu);  // FNV-1a 32 of "a"
  // 0xC3 sign-extends to 0xFFFFFFC3 before the xor; plain FNV-1a would xor 0x000000C3.
  const uint32_t sign_extended = (2166136261u ^ 0xFFFFFFC3u) * 16777619u;
  EXPECT_EQ(FastTextHash("\xC3"), sign_extended);
}

TEST(AppendSubwordRowsTest, CountsCharactersNotBytes) {
  SubwordParams p{.minn = 1, .maxn = 1, .bucket = 1000000, .nwords = 10};
  std::vector<int32_t> rows;
  AppendSubwordRows("\xC3\xA9t\xC3\xA9", p, &rows);  // "été": 3 characters, '<' '>' excluded
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], 10 + static_cast<int32_t>(FastTextHash("\xC3\xA9") % 1000000));
}

TEST(AppendSubwordRowsTest, NoSubwordsWithoutBucketsOrForEos) {
  std::vector<int32_t> rows;
  AppendSubwordRows("word", {.minn = 3, .maxn = 0, .bucket = 100, .nwords = 1}, &rows);
  AppendSubwordRows("word", {.minn = 3, .maxn = 6, .bucket = 0, .nwords = 1}, &rows);
  AppendSubwordRows("</s>", {.minn = 3, .maxn = 6, .bucket = 100, .nwords = 1}, &rows);
  EXPECT_THAT(rows, IsEmpty());
}

TEST(AppendSubwordRowsTest, ShortWordGetsOnlyWrappedNgrams) {
  // "<a>" with minn 3: only the whole "<a>".
  std::vector<int32_t> rows;
  AppendSubwordRows("a", {.minn = 3, .maxn = 6, .bucket = 1u << 30, .nwords = 0}, &rows);
  EXPECT_THAT(rows, ElementsAre(static_cast<int32_t>(FastTextHash("<a>") % (1u << 30))));
}

TEST(AppendSubwordRowsTest, MatchesFastTextForVocabularyAndUnknownWords) {
  testing::ScratchDir dir("subword-hasher");
  auto model = testing::TrainSmallModel(dir.path());
  ASSERT_TRUE(model.ok()) << model.status();
  const SubwordParams params = (*model)->Subwords();
  for (const std::string& word : std::vector<std::string>{
           "engineer", "c++", "développeur", "москва", "エンジニア", "zzqx", "a", "ab",
           "\xF0\x9F\x9A\x80rocket", "naïve-café", "x", std::string(64, 'k')}) {
    std::vector<int32_t> ours;
    const int32_t id = (*model)->WordId(word);
    if (id >= 0) ours.push_back(id);
    AppendSubwordRows(word, params, &ours);
    EXPECT_EQ(ours, (*model)->SubwordIds(word)) << word;
  }
}

}  // namespace
}  // namespace jobrec::embed
