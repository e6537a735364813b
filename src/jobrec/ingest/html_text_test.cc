#include "jobrec/ingest/html_text.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_text.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using testing::ReadFixture;

std::string WithoutFinalNewline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// Real-looking provider fragments and the text we want from them.
class ProviderFragmentTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProviderFragmentTest, MatchesExpectedText) {
  const std::string html = ReadFixture("html/" + GetParam() + ".html");
  const std::string want = WithoutFinalNewline(ReadFixture("html/" + GetParam() + ".txt"));
  EXPECT_EQ(DescriptionToText(html), want);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ProviderFragmentTest,
                         ::testing::Values("greenhouse_content", "lever_description",
                                           "usajobs_duties"));

TEST(HtmlToText, BlocksListsAndInline) {
  EXPECT_EQ(HtmlToText("<p>One</p><p>Two</p>"), "One\n\nTwo");
  EXPECT_EQ(HtmlToText("<div>a</div><div>b</div>"), "a\nb");
  EXPECT_EQ(HtmlToText("a<br>b<br/><br>c"), "a\nb\n\nc");
  EXPECT_EQ(HtmlToText("<ul><li>x</li><li> y </li></ul>"), "- x\n- y");
  EXPECT_EQ(HtmlToText("<ol><li>first<li>second</ol>"), "- first\n- second");
  EXPECT_EQ(HtmlToText("<ul><li></li><li> </li></ul>after"), "after");  // empty items vanish
  EXPECT_EQ(HtmlToText("<h2>Title</h2>Body"), "Title\n\nBody");
  EXPECT_EQ(HtmlToText("<b>bold</b><i>it</i> <span>x</span>"), "boldit x");
  EXPECT_EQ(HtmlToText("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a b\nc");
  EXPECT_EQ(HtmlToText("<pre>line 1\nline 2</pre>"), "line 1\nline 2");
  EXPECT_EQ(HtmlToText("<section><h1>A</h1></section><section>B</section>"), "A\n\nB");
}

TEST(HtmlToText, DropsScriptsStylesComments) {
  EXPECT_EQ(HtmlToText("<script>alert(1)</script>a<style>p{}</style><!-- c -->b"), "ab");
  EXPECT_EQ(HtmlToText("<html><head><title>T</title></head><body>x</body></html>"), "x");
  EXPECT_EQ(HtmlToText("<p>x</p><noscript>enable js</noscript>y"), "x\n\ny");
}

TEST(HtmlToText, EntitiesAndWhitespace) {
  EXPECT_EQ(HtmlToText("a &amp; b &lt;c&gt; &eacute; &#8217; &#x2014; &nbsp;x"),
            "a & b <c> é ’ — x");
  EXPECT_EQ(HtmlToText("<p>  lots   of\n\n spaces\t</p>"), "lots of spaces");
  EXPECT_EQ(HtmlToText("<p></p><p> </p><p>&nbsp;</p><p>only</p><p></p>"), "only");
}

TEST(HtmlToText, PlainTextKeepsLineBreaks) {
  EXPECT_EQ(HtmlToText("Line 1\nLine 2\n\n\n\nLine 3"), "Line 1\nLine 2\n\nLine 3");
  // Adzuna snippets: plain text, cut with an ellipsis, sometimes with entities.
  EXPECT_EQ(HtmlToText("We are looking for a Data Engineer to join our team &hellip; "),
            "We are looking for a Data Engineer to join our team …");
  EXPECT_EQ(HtmlToText("Salary 30k-40k. Apply now…"), "Salary 30k-40k. Apply now…");
  EXPECT_EQ(HtmlToText("if a < b and c > d"), "if a < b and c > d");
}

TEST(HtmlToText, BadHtml) {
  EXPECT_EQ(HtmlToText("<p>unclosed <b>bold <i>both"), "unclosed bold both");
  EXPECT_EQ(HtmlToText("<div><p>a</div>b</p>"), "a\n\nb");
  EXPECT_EQ(HtmlToText("<<<>>>"), "<<<>>>");
  EXPECT_EQ(HtmlToText("<li>orphan item"), "- orphan item");
  EXPECT_EQ(HtmlToText("</p></div></li>"), "");
  EXPECT_EQ(HtmlToText("<p class=\"unterminated>text"), "");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlToText, InvalidUtf8BecomesReplacementCharacters) {
  const std::string text = HtmlToText("<p>caf\xe9 \xff\xfe ok</p>");
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_NE(text.find("ok"), std::string::npos);
  EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(HtmlToText, RepairsMojibake) {
  EXPECT_EQ(HtmlToText("<p>Cityâ€™s</p>"), "City’s");
}

TEST(HtmlToText, DeepNestingIsBoundedAndKeepsTheText) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "deep text";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(HtmlToText(deep), "deep text");
  std::string spans;
  for (int i = 0; i < 3000; ++i) spans += "<span>";
  EXPECT_EQ(HtmlToText(spans + "x"), "x");
  // Mismatched end tags do not hide the depth from the estimate.
  std::string sneaky;
  for (int i = 0; i < 50000; ++i) sneaky += "<div></span>";
  EXPECT_EQ(HtmlToText(sneaky + "y"), "y");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(HtmlToText, HugeInputIsCutAtTheLimit) {
  std::string huge;
  while (huge.size() < kMaxHtmlBytes + 1000) huge += "<p>paragraph é</p>";
  const std::string text = HtmlToText(huge);
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_LT(text.size(), kMaxHtmlBytes);
  EXPECT_GT(text.size(), 100000u);
}

TEST(DoubleEscaping, Detection) {
  EXPECT_TRUE(LooksDoubleEscaped("&lt;p&gt;Hello&lt;/p&gt;"));
  EXPECT_TRUE(LooksDoubleEscaped("&lt;a href=&quot;x&quot;&gt;link&lt;/a&gt;"));
  EXPECT_FALSE(LooksDoubleEscaped("<p>&lt;p&gt; is a paragraph tag</p>"));
  EXPECT_FALSE(LooksDoubleEscaped("a &lt; b &gt; c"));
  EXPECT_FALSE(LooksDoubleEscaped("plain text"));
  EXPECT_FALSE(LooksDoubleEscaped("&lt;"));
}

TEST(DoubleEscaping, UnescapesOnce) {
  EXPECT_EQ(UnescapeHtmlEntitiesOnce("&lt;p&gt;a &amp;amp; b&lt;/p&gt;"), "<p>a &amp; b</p>");
  EXPECT_EQ(UnescapeHtmlEntitiesOnce("&#39;&#x27;&quot;&apos;"), "''\"'");
  EXPECT_EQ(UnescapeHtmlEntitiesOnce("&#0; &#xD800; &#99999999; &#12"), "&#0; &#xD800; &#99999999; &#12");
  EXPECT_EQ(UnescapeHtmlEntitiesOnce("&nbsp;&unknown;&"), "&nbsp;&unknown;&");
  EXPECT_EQ(DescriptionToText("&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;&lt;p&gt;x&lt;/p&gt;"),
            "Tom & Jerry\n\nx");
  // Escaped text shown inside real HTML is left alone.
  EXPECT_EQ(DescriptionToText("<p>Use &lt;div&gt; tags</p>"), "Use <div> tags");
}

}  // namespace
}  // namespace jobrec::ingest
