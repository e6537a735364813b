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
