#include "jobrec/llm/schemas.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ScoreSchemaTest, IsStrictModeCompatible) {
  const json schema = ScoreReplySchema().schema;
  EXPECT_EQ(ScoreReplySchema().name, "record_score");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["required"].size(), schema["properties"].size());
  EXPECT_EQ(schema["properties"]["score"]["type"], "integer");
  EXPECT_EQ(schema["properties"]["score"]["maximum"], 10);
}

TEST(ScoreFromJsonTest, ConvertsAndCleansLists) {
  auto score = ScoreFromJson({{"score", 8},
                              {"justification", "  Strong match.  "},
                              {"matched_skills", {"Python", " python ", "", "SQL"}},
                              {"missing_skills", json::array()},
                              {"dealbreakers", {"  "}}});
  ASSERT_TRUE(score.ok()) << score.status();
  EXPECT_EQ(score->score, 8);
  EXPECT_EQ(score->justification, "Strong match.");
  EXPECT_THAT(score->matched_skills, ElementsAre("Python", "SQL"));
  EXPECT_TRUE(score->dealbreakers.empty());
  EXPECT_EQ(ScoreFromJson(ScoreToJson(*score)).value(), *score);
}

TEST(ScoreFromJsonTest, BlankJustificationIsInvalid) {
  auto score = ScoreFromJson({{"score", 8},
                              {"justification", " "},
                              {"matched_skills", json::array()},
                              {"missing_skills", json::array()},
                              {"dealbreakers", json::array()}});
  EXPECT_THAT(score.status().message(), HasSubstr("justification: must not be empty"));
}

TEST(ScoreFromJsonTest, SchemaViolationIsInvalidNotAnException) {
  EXPECT_EQ(ScoreFromJson({{"score", "7"}}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ScoreFromJson(json("text")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(IdealPostingsTest, ChecksCountBlankAndDuplicates) {
  EXPECT_THAT(*IdealPostingsFromJson({{"postings", {"a ", "b"}}}, 2), ElementsAre("a", "b"));
  EXPECT_THAT(IdealPostingsFromJson({{"postings", {"a", ""}}}, 2).status().message(),
              HasSubstr("postings[1]: must not be empty"));
  EXPECT_THAT(IdealPostingsFromJson({{"postings", {"a", "a"}}}, 2).status().message(),
              HasSubstr("repeats"));
  EXPECT_THAT(IdealPostingsFromJson({{"postings", {"a"}}}, 2).status().message(),
              HasSubstr("at least 2"));
}

TEST(SearchKeywordsTest, LowercasesAndDeduplicates) {
  auto keywords = SearchKeywordsFromJson(
      {{"include", {"Python", "python", "airflow"}}, {"exclude", {"Senior"}}}, 10);
  ASSERT_TRUE(keywords.ok()) << keywords.status();
  EXPECT_THAT(keywords->include, ElementsAre("python", "airflow"));
  EXPECT_THAT(keywords->exclude, ElementsAre("senior"));
}

TEST(SearchKeywordsTest, RejectsPhrasesOverlapAndEmptyInclude) {
  EXPECT_THAT(SearchKeywordsFromJson({{"include", {"data engineer"}}, {"exclude", json::array()}}, 10)
                  .status()
                  .message(),
              HasSubstr("not a single word"));
  EXPECT_THAT(SearchKeywordsFromJson({{"include", {"java"}}, {"exclude", {"Java"}}}, 10)
                  .status()
                  .message(),
              HasSubstr("both included and excluded"));
  EXPECT_THAT(SearchKeywordsFromJson({{"include", json::array()}, {"exclude", json::array()}}, 10)
                  .status()
                  .message(),
              HasSubstr("at least 1"));
  EXPECT_THAT(SearchKeywordsFromJson({{"include", {"a", "b", "c"}}, {"exclude", json::array()}}, 2)
                  .status()
                  .message(),
              HasSubstr("at most 2"));
}

}  // namespace
}  // namespace jobrec::llm
