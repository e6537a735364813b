// The llm.ideal_postings* keys (issue #6 point 6): defaults, environment overrides and
// out-of-range values stopping start-up with the key named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/llm_options.h"

namespace jobrec::llm {
namespace {

using ::testing::HasSubstr;

TEST(IdealPostingsOptionsTest, DefaultsOnThreePostingsWeightPointThree) {
  auto config = common::Config::Load(LlmConfigKeys(), std::nullopt, {});
  ASSERT_TRUE(config.ok()) << config.status();
  const LlmOptions options = LlmOptionsFromConfig(*config);
  EXPECT_TRUE(options.ideal_postings);
  EXPECT_EQ(options.ideal_postings_count, 3);
  EXPECT_DOUBLE_EQ(options.ideal_postings_weight, 0.3);
}

TEST(IdealPostingsOptionsTest, EnvironmentSwitchesAndTunes) {
  auto config = common::Config::Load(LlmConfigKeys(), std::nullopt,
                                     {"JOBREC_LLM_IDEAL_POSTINGS=false", "JOBREC_LLM_IDEAL_POSTINGS_COUNT=5",
                                      "JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=0.5"});
  ASSERT_TRUE(config.ok()) << config.status();
  const LlmOptions options = LlmOptionsFromConfig(*config);
  EXPECT_FALSE(options.ideal_postings);
  EXPECT_EQ(options.ideal_postings_count, 5);
  EXPECT_DOUBLE_EQ(options.ideal_postings_weight, 0.5);
}

TEST(IdealPostingsOptionsTest, BadValuesNameTheKey) {
  for (const auto& [assignment, key] : std::vector<std::pair<std::string, std::string>>{
           {"JOBREC_LLM_IDEAL_POSTINGS=maybe", "llm.ideal_postings"},
           {"JOBREC_LLM_IDEAL_POSTINGS_COUNT=0", "llm.ideal_postings_count"},
           {"JOBREC_LLM_IDEAL_POSTINGS_COUNT=11", "llm.ideal_postings_count"},
           {"JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=1.5", "llm.ideal_postings_weight"},
           {"JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=-0.1", "llm.ideal_postings_weight"}}) {
    auto config = common::Config::Load(LlmConfigKeys(), std::nullopt, {assignment});
    EXPECT_FALSE(config.ok()) << assignment;
    EXPECT_THAT(config.status().message(), HasSubstr(key)) << assignment;
  }
}

}  // namespace
}  // namespace jobrec::llm
