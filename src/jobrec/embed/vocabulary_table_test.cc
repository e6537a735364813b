#include "jobrec/embed/vocabulary_table.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace jobrec::embed {
namespace {

TEST(VocabularyTableTest, FindsEveryWordAndNothingElse) {
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back(absl::StrCat("w", i));
  words.push_back("");
  words.push_back("c++");
  const VocabularyTable table(words);
  EXPECT_EQ(table.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i)
    EXPECT_EQ(table.Find(words[i]), static_cast<int32_t>(i));
  EXPECT_EQ(table.Find("w5000"), -1);
  EXPECT_EQ(table.Find("c+"), -1);
}

TEST(VocabularyTableTest, DuplicatesKeepTheFirstId) {
  const VocabularyTable table({"a", "b", "a"});
  EXPECT_EQ(table.Find("a"), 0);
}

TEST(VocabularyTableTest, EmptyTable) {
  const VocabularyTable table({});
  EXPECT_EQ(table.Find("anything"), -1);
  EXPECT_EQ(table.Find(""), -1);
}

}  // namespace
}  // namespace jobrec::embed
