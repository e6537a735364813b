#include "jobrec/store/copy_text.h"

#include <gtest/gtest.h>

namespace jobrec::store {
namespace {

TEST(CopyLineTest, SeparatesFieldsWithTabsAndWritesNullAsBackslashN) {
  CopyLine line;
  line.Text("a").Null().Text("b");
  EXPECT_EQ(line.text(), "a\t\\N\tb");
}

TEST(CopyLineTest, KeepsEmptyFieldsIncludingTheFirst) {
  CopyLine line;
  line.Text("").Text("").Text("x");
  EXPECT_EQ(line.text(), "\t\tx");
}

TEST(CopyLineTest, EscapesBackslashTabNewlineAndCarriageReturn) {
  CopyLine line;
  line.Text("a\\b\tc\nd\re");
  EXPECT_EQ(line.text(), "a\\\\b\\tc\\nd\\re");
}

TEST(CopyLineTest, DropsNulBytes) {
  CopyLine line;
  line.Text(std::string_view("a\0b\0", 4));
  EXPECT_EQ(line.text(), "ab");
}

TEST(CopyLineTest, EscapesAtTheEdgesAndInRuns) {
  CopyLine line;
  line.Text("\n\n").Text("x\\").Text("\\N");
  // A text field "\N" must not read as NULL.
  EXPECT_EQ(line.text(), "\\n\\n\tx\\\\\t\\\\N");
}

TEST(CopyLineTest, EscapesEachSpecialByteAtEveryOffsetOfALongText) {
  // The plain runs are skipped eight bytes at a time: a special byte must be seen wherever it
  // falls in a word, among ASCII and UTF-8 bytes alike.
  const std::string plain = "abc\xC3\xA9defghij\x7F\x80\xFF klmnopqrstuvwxyz0123456789";
  const std::pair<char, std::string> specials[] = {
      {'\\', "\\\\"}, {'\t', "\\t"}, {'\n', "\\n"}, {'\r', "\\r"}, {'\0', ""}};
  for (const auto& [special, escaped] : specials) {
    for (size_t at = 0; at <= plain.size(); ++at) {
      std::string text = plain;
      text.insert(at, 1, special);
      CopyLine line;
      line.Text(text);
      EXPECT_EQ(line.text(), plain.substr(0, at) + escaped + plain.substr(at)) << int(special) << " at " << at;
    }
  }
  // Bytes near the special ones pass as they are.
  CopyLine line;
  line.Text("\x01\x0B\x0C\x0E\x1F[]^_` ~");
  EXPECT_EQ(line.text(), "\x01\x0B\x0C\x0E\x1F[]^_` ~");
}

TEST(CopyLineTest, FieldOfAnEmptyOptionalIsNull) {
  CopyLine line;
  line.Field(std::nullopt).Field(std::string("v"));
  EXPECT_EQ(line.text(), "\\N\tv");
}

TEST(CopyLineTest, FieldsAppendsCopyTextAsItIs) {
  CopyLine tail;
  tail.Text("a\tb").Null();
  CopyLine line;
  line.Text("1").Fields(tail.text());
  EXPECT_EQ(line.text(), "1\ta\\tb\t\\N");
}

TEST(CopyLineTest, ReleaseAndClearStartANewLine) {
  CopyLine line;
  line.Text("a").Text("b");
  EXPECT_EQ(line.Release(), "a\tb");
  line.Text("c");
  EXPECT_EQ(line.text(), "c");
  line.Clear();
  line.Text("");
  line.Text("d");
  EXPECT_EQ(line.text(), "\td");
}

}  // namespace
}  // namespace jobrec::store
