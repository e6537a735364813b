#include "jobrec/llm/json_extract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobrec::llm {
namespace {

using ::testing::HasSubstr;

TEST(ExtractJsonObjectTest, PlainObject) {
  auto value = ExtractJsonObject(R"(  {"score": 7, "justification": "ok"} )");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)["score"], 7);
}

TEST(ExtractJsonObjectTest, JsonCodeFence) {
  auto value = ExtractJsonObject("Here you go:\n```json\n{\"score\": 3}\n```\nHope this helps.");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)["score"], 3);
}

TEST(ExtractJsonObjectTest, BareCodeFence) {
  auto value = ExtractJsonObject("```\n{\"score\": 4}\n```");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)["score"], 4);
}

TEST(ExtractJsonObjectTest, LeadingAndTrailingProse) {
  auto value = ExtractJsonObject(
      "Sure! Based on the profile {the seeker} I think: {\"score\": 8, \"justification\": "
      "\"uses } and { inside\"} -- let me know.");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)["score"], 8);
  EXPECT_EQ((*value)["justification"], "uses } and { inside");
}

TEST(ExtractJsonObjectTest, EscapedQuotesInStrings) {
  auto value = ExtractJsonObject(R"(x {"justification": "a \"quoted\" } brace", "score": 1} y)");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ((*value)["score"], 1);
}

TEST(ExtractJsonObjectTest, EmptyReply) {
  auto value = ExtractJsonObject("   \n ");
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("empty"));
}

TEST(ExtractJsonObjectTest, ArrayIsNotAnObject) {
  auto value = ExtractJsonObject("[1, 2, 3]");
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(), HasSubstr("array"));
}

TEST(ExtractJsonObjectTest, NoJsonAtAll) {
  auto value = ExtractJsonObject("I would rate this posting seven out of ten.");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(value.status().message(), HasSubstr("no JSON object"));
}

TEST(ExtractJsonObjectTest, TruncatedObject) {
  EXPECT_FALSE(ExtractJsonObject(R"({"score": 7, "justification": "You matc)").ok());
}

TEST(ExtractJsonObjectTest, InvalidUtf8DoesNotThrow) {
  EXPECT_FALSE(ExtractJsonObject("{\"a\": \"\xff\xfe\"}").ok());
}

}  // namespace
}  // namespace jobrec::llm
