#include "jobrec/embed/text_preprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace jobrec::embed {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80                 ? 1
              : b >= 0xC2 && b < 0xE0  ? 2
              : b >= 0xE0 && b < 0xF0  ? 3
              : b >= 0xF0 && b <= 0xF4 ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(PreprocessTextTest, LowerCasesAndCollapsesWhitespace) {
  EXPECT_EQ(PreprocessText("  Senior   Software\tEngineer\r\n\nRemote  "),
            "senior software engineer remote");
}

TEST(PreprocessTextTest, EmptyAndBlankInputGiveEmptyLine) {
  EXPECT_EQ(PreprocessText(""), "");
  EXPECT_EQ(PreprocessText(" \t\n\r\v\f "), "");
  EXPECT_EQ(PreprocessText("!!! ... --- ///"), "");
}

TEST(PreprocessTextTest, PunctuationSeparates) {
  EXPECT_EQ(PreprocessText("Hello, world! (Team-lead); \"quoted\" [x] {y} <z>"),
            "hello world team-lead quoted x y z");
  EXPECT_EQ(PreprocessText("salary: $100,000/year"), "salary 100 000 year");
}

TEST(PreprocessTextTest, KeepsProgrammingLanguageSuffixes) {
  EXPECT_EQ(PreprocessText("C++, C#, F# and Notepad++."), "c++ c# f# and notepad++");
  EXPECT_EQ(PreprocessText("Experience with C#."), "experience with c#");
  EXPECT_EQ(PreprocessText("3+ years"), "3 years");
  EXPECT_EQ(PreprocessText("a+b"), "a b");
  EXPECT_EQ(PreprocessText("c+++"), "c++");
  EXPECT_EQ(PreprocessText("C++/CLI, C#/F#"), "c++ cli c# f#");
}

TEST(PreprocessTextTest, KeepsDotsWhereTheyCarryMeaning) {
  EXPECT_EQ(PreprocessText("Node.js, ASP.NET, .NET Core, socket.io"),
            "node.js asp.net .net core socket.io");
  EXPECT_EQ(PreprocessText("Python 3.11 e.g. Ph.D. U.S."), "python 3.11 e.g ph.d u.s");
  EXPECT_EQ(PreprocessText("a great team.We offer"), "a great team we offer");
  EXPECT_EQ(PreprocessText("etc...and more"), "etc and more");
  EXPECT_EQ(PreprocessText("C#/.NET"), "c# .net");
}

TEST(PreprocessTextTest, SlashAndAmpersandJoinOnlyShortParts) {
  EXPECT_EQ(PreprocessText("CI/CD, UI/UX, 24/7, R&D, AT&T"), "ci/cd ui/ux 24/7 r&d at&t");
  EXPECT_EQ(PreprocessText("HTML/CSS and sales&marketing"), "html css and sales marketing");
  EXPECT_EQ(PreprocessText("a//b"), "a b");
}

TEST(PreprocessTextTest, HyphensAndApostrophes) {
  EXPECT_EQ(PreprocessText("e-commerce front-end COVID-19 9-5 --flag"),
            "e-commerce front-end covid-19 9 5 flag");
  EXPECT_EQ(PreprocessText("master's degree, O\xE2\x80\x99Reilly"), "masters degree oreilly");
  EXPECT_EQ(PreprocessText("'quoted'"), "quoted");
}

TEST(PreprocessTextTest, FoldsLatinAccents) {
  EXPECT_EQ(PreprocessText("Développeur ÉTÉ Straße Æsir Łódź Ñandú Œuvre Şişli"),
            "developpeur ete strasse aesir lodz nandu oeuvre sisli");
  EXPECT_EQ(PreprocessText("ÀÁÂÃÄÅ àáâãäå ÿŸ"), "aaaaaa aaaaaa yy");
  // Decomposed accents (NFD) fold the same way as composed ones.
  EXPECT_EQ(PreprocessText("Cafe\xCC\x81"), "cafe");
  EXPECT_EQ(PreprocessText("\xEF\xAC\x81nance"), "finance");    // "ﬁ" ligature
  EXPECT_EQ(PreprocessText("\xEF\xBC\xA1\xEF\xBC\xA9"), "ai");  // full-width "ＡＩ"
}

TEST(PreprocessTextTest, LowerCasesGreekAndCyrillicWithoutFolding) {
  EXPECT_EQ(PreprocessText("ΑΘΗΝΑ Москва"), "αθηνα москва");
}

TEST(PreprocessTextTest, UnknownScriptsPassThrough) {
  EXPECT_EQ(PreprocessText("エンジニア 工程师"), "エンジニア 工程师");
}

TEST(PreprocessTextTest, UnicodeSeparatorsSeparate) {
  // NBSP, em dash, bullet, ideographic space, BOM, emoji, multiplication sign.
  EXPECT_EQ(PreprocessText("a\xC2\xA0"
                           "b\xE2\x80\x94"
                           "c\xE2\x80\xA2"
                           "d\xE3\x80\x80"
                           "e"
                           "\xEF\xBB\xBF"
                           "f\xF0\x9F\x9A\x80g\xC3\x97h"),
            "a b c d e f g h");
  EXPECT_EQ(PreprocessText("soft\xC2\xADhyphen"), "softhyphen");
}

TEST(PreprocessTextTest, InvalidUtf8NeverReachesTheOutput) {
  const std::string cases[] = {
      "abc\xFF"
      "def",      // invalid byte
      "abc\xC3",  // truncated 2-byte sequence at the end
      "abc\xE2\x82"
      "def",  // truncated 3-byte sequence
      "\xC0\xAF"
      "x",  // overlong '/'
      "\xED\xA0\x80"
      "x",  // UTF-16 surrogate
      "\xF4\x90\x80\x80"
      "x",  // > U+10FFFF
      "\x80\x80\x80"
      "x",  // lone continuation bytes
      std::string("nul\0byte", 8),
  };
  for (const std::string& input : cases) {
    const std::string out = PreprocessText(input);
    EXPECT_TRUE(IsValidUtf8(out)) << "input bytes: " << input.size();
    EXPECT_EQ(out.find("  "), std::string::npos);
  }
  EXPECT_EQ(PreprocessText("abc\xFF"
                           "def"),
            "abc def");
  EXPECT_EQ(PreprocessText("\xC0\xAF"
                           "x"),
            "x");
  EXPECT_EQ(PreprocessText(std::string("nul\0byte", 8)), "nul byte");
}

TEST(PreprocessTextTest, RandomBytesGiveValidUtf8WithOnlySpaceSeparators) {
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string input(200, '\0');
    for (char& c : input) {
      state = state * 1103515245u + 12345u;
      c = static_cast<char>(state >> 16);
    }
    const std::string out = PreprocessText(input);
    ASSERT_TRUE(IsValidUtf8(out));
    for (char c : out) {
      ASSERT_FALSE(c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0');
    }
    ASSERT_FALSE(out.starts_with(' '));
    ASSERT_FALSE(out.ends_with(' '));
    ASSERT_EQ(PreprocessText(out), out) << "preprocessing must be idempotent";
  }
}

TEST(PreprocessTextTest, IsIdempotentOnRealText) {
  const std::string text =
      "Senior C++/Qt developer (m/f/d) — Node.js, .NET & CI/CD; 5+ years' experience. "
      "Salary: €60.000–€75.000 p.a. Développeur·se, 100% remote!";
  const std::string once = PreprocessText(text);
  EXPECT_EQ(PreprocessText(once), once);
}

TEST(PreprocessTextTest, DropsOverlongTokens) {
  const std::string long_token(kMaxTokenChars + 1, 'x');
  const std::string max_token(kMaxTokenChars, 'y');
  EXPECT_EQ(PreprocessText("a " + long_token + " b " + max_token), "a b " + max_token);
}

TEST(PreprocessTextTest, HugeInputIsLinear) {
  std::string huge;
  const std::string sentence = "Build scalable C++ services, ship CI/CD pipelines. ";
  while (huge.size() < (20u << 20)) huge += sentence;  // 20 MiB
  const std::string out = PreprocessText(huge);
  const size_t sentences = huge.size() / sentence.size();
  EXPECT_EQ(SplitTokens(out).size(), sentences * 7);
  // One token of 20 MiB is dropped rather than kept.
  EXPECT_EQ(PreprocessText(std::string(20u << 20, 'z')), "");
}

TEST(SplitTokensTest, SplitsOnSpaces) {
  EXPECT_THAT(SplitTokens("a bb  ccc "), ElementsAre("a", "bb", "ccc"));
  EXPECT_THAT(SplitTokens(""), IsEmpty());
  EXPECT_THAT(SplitTokens("   "), IsEmpty());
}

}  // namespace
}  // namespace jobrec::embed
