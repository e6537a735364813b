#include "jobrec/llm/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/schemas.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json Score() {
  return {{"score", 7},
          {"justification", "fits"},
          {"matched_skills", {"Python"}},
          {"missing_skills", json::array()},
          {"dealbreakers", json::array()}};
}

absl::StatusOr<json> Check(const json& value) {
  return ValidateAgainstSchema(value, ScoreReplySchema().schema);
}

TEST(JsonSchemaTest, AcceptsValidScore) {
  auto value = Check(Score());
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(*value, Score());
}

TEST(JsonSchemaTest, ScoreAboveMaximum) {
  json value = Score();
  value["score"] = 11;
  auto result = Check(value);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("score: 11 is above the maximum 10"));
}

TEST(JsonSchemaTest, ScoreBelowMinimum) {
  json value = Score();
  value["score"] = -1;
  EXPECT_THAT(Check(value).status().message(), HasSubstr("below the minimum 0"));
}

TEST(JsonSchemaTest, ScoreAsStringIsRejected) {
  json value = Score();
  value["score"] = "7";
  auto result = Check(value);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("score: expected an integer, got string"));
}

TEST(JsonSchemaTest, IntegralFloatIsAnInteger) {
  json value = Score();
  value["score"] = 7.0;
  auto result = Check(value);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE((*result)["score"].is_number_integer());
  EXPECT_EQ((*result)["score"], 7);
}

TEST(JsonSchemaTest, FractionalScoreIsRejected) {
  json value = Score();
  value["score"] = 7.5;
  EXPECT_FALSE(Check(value).ok());
}

TEST(JsonSchemaTest, MissingRequiredKey) {
  json value = Score();
  value.erase("justification");
  EXPECT_THAT(Check(value).status().message(),
              HasSubstr("justification: required key is missing"));
}

TEST(JsonSchemaTest, ExtraKeysAreDropped) {
  json value = Score();
  value["reasoning"] = "long chain of thought";
  auto result = Check(value);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->contains("reasoning"));
}

TEST(JsonSchemaTest, ArrayItemOfWrongTypeNamesItsPath) {
  json value = Score();
  value["matched_skills"] = {"Python", 3};
  EXPECT_THAT(Check(value).status().message(),
              HasSubstr("matched_skills[1]: expected a string, got number 3"));
}

TEST(JsonSchemaTest, NullIsNotAString) {
  json value = Score();
  value["justification"] = nullptr;
  EXPECT_THAT(Check(value).status().message(), HasSubstr("justification: expected a string"));
}

TEST(JsonSchemaTest, NotAnObject) {
  EXPECT_THAT(Check(json::array()).status().message(), HasSubstr("reply: expected an object"));
}

TEST(JsonSchemaTest, ItemCountBounds) {
  const json schema = IdealPostingsReplySchema(2).schema;
  EXPECT_THAT(ValidateAgainstSchema({{"postings", {"a"}}}, schema).status().message(),
              HasSubstr("expected at least 2 items, got 1"));
  EXPECT_THAT(ValidateAgainstSchema({{"postings", {"a", "b", "c"}}}, schema).status().message(),
              HasSubstr("expected at most 2 items, got 3"));
  EXPECT_TRUE(ValidateAgainstSchema({{"postings", {"a", "b"}}}, schema).ok());
}

TEST(JsonSchemaTest, UnsupportedSchemaTypeIsAnInternalError) {
  auto result = ValidateAgainstSchema(json(1), {{"type", "frobnicate"}});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace jobrec::llm
