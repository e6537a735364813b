#include "jobrec/ingest/normalize_text.h"

#include <string>

#include <gtest/gtest.h>

namespace jobrec::ingest {
namespace {

TEST(Utf8, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("München – 😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

TEST(Utf8, SanitizeReplacesMaximalSubparts) {
  EXPECT_EQ(SanitizeUtf8("ok"), "ok");
  EXPECT_EQ(SanitizeUtf8("a\xffz"), "a\xEF\xBF\xBDz");
  // A truncated three-byte sequence is one bad subpart, one replacement character.
  EXPECT_EQ(SanitizeUtf8("a\xE2\x82z"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(SanitizeUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8(std::string("\xE2", 1)), "\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xF0\x9F\x98")));
}

TEST(Mojibake, CommonSequences) {
  const std::pair<std::string, std::string> cases[] = {
      {"New York Cityâ€™s program", "New York City’s program"},
      {"â€œquotedâ€\xC2\x9D", "“quoted”"},  // U+009D left by a Latin-1 decoder
      {"â€œquotedâ€", "“quotedâ€"},          // incomplete: left alone
      {"Director â€“ Business", "Director – Business"},
      {"â€¢\tExcellent", "•\tExcellent"},
      {"cafÃ©", "café"},
      {"Ã¼ber", "über"},
      {"Â½ time", "½ time"},
      {"a\xC2\xA0" "b", "a\xC2\xA0" "b"},  // a real nbsp stays
      {"SciencesÂ\xC2\xA0Â\xC2\xA0Â", "Sciences\xC2\xA0\xC2\xA0"},
      {"Â ", " "},
      {"â€¦", "…"},
      {"Ã‰cole", "École"},
      {"no mojibake here", "no mojibake here"},
      {"Ã alone", "Ã alone"},
      {"â", "â"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(FixMojibake(in), want) << in;
  }
}

TEST(Whitespace, CollapsesAndTrims) {
  EXPECT_EQ(CollapseWhitespace("  a \t\n b\xC2\xA0\xC2\xA0" "c  "), "a b c");
  EXPECT_EQ(CollapseWhitespace("\xE2\x80\x8Bzero\xEF\xBB\xBFwidth"), "zerowidth");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \t "), "");
  EXPECT_EQ(CollapseWhitespace("\xff"), "\xEF\xBF\xBD");
}

TEST(Whitespace, Multiline) {
  EXPECT_EQ(CollapseWhitespaceMultiline("\n\n a  b \r\n\r\n\r\n c\rd\n \n"), "a b\n\nc\nd");
  EXPECT_EQ(CollapseWhitespaceMultiline(" \n\xC2\xA0\n"), "");
}

TEST(CleanLine, AllSteps) {
  EXPECT_EQ(CleanLine("  Cityâ€™s\xff  Title \n"), "City’s\xEF\xBF\xBD Title");
}

}  // namespace
}  // namespace jobrec::ingest
