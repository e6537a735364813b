#include "jobrec/llm/llm_factory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/common/config.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::llm {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(LlmFactoryTest, UnconfiguredIsUnavailableAndNamesTheSettings) {
  auto client = NewLlmClient(LlmOptions{});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(client.status().message(),
              AllOf(HasSubstr("JOBREC_LLM_PROVIDER"), HasSubstr("JOBREC_LLM_API_KEY"),
                    HasSubstr("JOBREC_LLM_MODEL")));
  EXPECT_EQ(NewLlmRuntime(LlmOptions{}).status().code(), absl::StatusCode::kUnavailable);
}

TEST(LlmFactoryTest, MissingKeyOrModel) {
  LlmOptions options;
  options.provider = "anthropic";
  options.model = "claude-x";
  auto no_key = NewLlmClient(options);
  EXPECT_EQ(no_key.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(no_key.status().message(),
              AllOf(HasSubstr("JOBREC_LLM_API_KEY"), Not(HasSubstr("JOBREC_LLM_MODEL"))));

  options.provider = "openai";  // default base URL: api.openai.com needs a key
  EXPECT_THAT(NewLlmClient(options).status().message(), HasSubstr("JOBREC_LLM_API_KEY"));

  options.api_key = "k";
  options.model.clear();
  auto no_model = NewLlmClient(options);
  EXPECT_THAT(no_model.status().message(),
              AllOf(HasSubstr("JOBREC_LLM_MODEL"), Not(HasSubstr("JOBREC_LLM_API_KEY"))));
}

TEST(LlmFactoryTest, LocalServerNeedsNoKey) {
  LlmOptions options;
  options.provider = "openai";
  options.base_url = "http://127.0.0.1:11434/v1";
  options.model = "llama3.1:8b";
  auto client = NewLlmClient(options);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ((*client)->Provider(), "openai");
  EXPECT_EQ((*client)->Model(), "llama3.1:8b");
}

TEST(LlmFactoryTest, RateLimitWrapsTheClient) {
  LlmOptions options = testing::TestOptions("anthropic", "");
  options.requests_per_minute = 60;
  auto client = NewLlmClient(options, testing::FastHttpClient());
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ((*client)->Provider(), "anthropic");
}

TEST(LlmFactoryTest, UnknownProviderIsInvalid) {
  LlmOptions options = testing::TestOptions("gemini", "");
  EXPECT_EQ(NewLlmClient(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LlmFactoryTest, UnknownPromptVersion) {
  LlmOptions options = testing::TestOptions("openai", "http://127.0.0.1:9/v1");
  options.prompt_version = "score-v99";
  auto runtime = NewLlmRuntime(options, testing::FastHttpClient());
  EXPECT_EQ(runtime.status().code(), absl::StatusCode::kNotFound);
  options.prompt_version = "repair-v1";
  EXPECT_EQ(NewLlmRuntime(options, testing::FastHttpClient()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LlmFactoryTest, RuntimeSharesOneClient) {
  auto runtime = NewLlmRuntime(testing::TestOptions("openai", "http://127.0.0.1:9/v1"),
                               testing::FastHttpClient());
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  EXPECT_EQ(&runtime->scorer->client(), runtime->client.get());
  EXPECT_EQ(runtime->scorer->PromptVersion(), "score-v1");
}

TEST(LlmOptionsTest, ReadsEveryKeyFromTheEnvironment) {
  auto config = common::Config::Load(
      LlmConfigKeys(), std::nullopt,
      {"JOBREC_LLM_PROVIDER=anthropic", "JOBREC_LLM_API_KEY=sk-env", "JOBREC_LLM_MODEL=claude",
       "JOBREC_LLM_BASE_URL=https://proxy.example/", "JOBREC_LLM_TIMEOUT=30s",
       "JOBREC_LLM_MAX_CONCURRENCY=4", "JOBREC_LLM_REQUESTS_PER_MINUTE=120",
       "JOBREC_LLM_PRICE_INPUT_PER_MTOK=3", "JOBREC_LLM_PRICE_OUTPUT_PER_MTOK=15",
       "JOBREC_LLM_STRUCTURED_OUTPUT=prompt", "JOBREC_LLM_DESCRIPTION_MAX_CHARS=3000",
       "JOBREC_LLM_AUTH_HEADER=api-key", "JOBREC_LLM_API_VERSION=2024-10-21",
       "JOBREC_LLM_MAX_TOKENS_PARAM=max_tokens", "JOBREC_LLM_MAX_OUTPUT_TOKENS=700",
       "JOBREC_LLM_TEMPERATURE=0.2", "JOBREC_LLM_CALIBRATION_MAX_TOKENS=400",
       "JOBREC_LLM_PROMPT_VERSION=score-v1"});
  ASSERT_TRUE(config.ok()) << config.status();
  const LlmOptions options = LlmOptionsFromConfig(*config);
  EXPECT_EQ(options.provider, "anthropic");
  EXPECT_EQ(options.api_key, "sk-env");
  EXPECT_EQ(options.model, "claude");
  EXPECT_EQ(EffectiveBaseUrl(options), "https://proxy.example");
  EXPECT_EQ(options.timeout, std::chrono::seconds(30));
  EXPECT_EQ(options.max_concurrency, 4);
  EXPECT_EQ(options.requests_per_minute, 120);
  EXPECT_EQ(options.pricing.input_per_mtok, 3.0);
  EXPECT_EQ(options.pricing.output_per_mtok, 15.0);
  EXPECT_EQ(options.structured_output, StructuredOutput::kPrompt);
  EXPECT_EQ(options.description_max_chars, 3000);
  EXPECT_EQ(options.auth_header, AuthHeader::kApiKey);
  EXPECT_EQ(options.api_version, "2024-10-21");
  EXPECT_EQ(options.max_tokens_param, MaxTokensParam::kMaxTokens);
  EXPECT_EQ(options.max_output_tokens, 700);
  EXPECT_EQ(options.temperature, 0.2);
  EXPECT_EQ(options.calibration_max_tokens, 400);
  EXPECT_NE(config->Describe().find("llm.api_key = ******"), std::string::npos);
  EXPECT_EQ(config->Describe().find("sk-env"), std::string::npos);
}

TEST(LlmOptionsTest, DefaultsAndValidation) {
  auto config = common::Config::Load(LlmConfigKeys(), std::nullopt, {});
  ASSERT_TRUE(config.ok()) << config.status();
  const LlmOptions options = LlmOptionsFromConfig(*config);
  EXPECT_EQ(options.provider, "");
  EXPECT_EQ(options.max_concurrency, 8);
  EXPECT_EQ(options.structured_output, StructuredOutput::kJsonSchema);
  EXPECT_EQ(EffectiveBaseUrl(options), kDefaultOpenAiBaseUrl);

  auto bad_provider = common::Config::Load(LlmConfigKeys(), std::nullopt, {"JOBREC_LLM_PROVIDER=gemini"});
  EXPECT_THAT(bad_provider.status().message(), HasSubstr("llm.provider"));
  auto bad_concurrency =
      common::Config::Load(LlmConfigKeys(), std::nullopt, {"JOBREC_LLM_MAX_CONCURRENCY=0"});
  EXPECT_THAT(bad_concurrency.status().message(), HasSubstr("llm.max_concurrency"));
}

TEST(LlmOptionsTest, ApiKeyIsRejectedInTheConfigFile) {
  const std::string path = ::testing::TempDir() + "/llm_options_test.toml";
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("[llm]\napi_key = \"sk-in-file\"\n", file);
    std::fclose(file);
  }
  auto config = common::Config::Load(LlmConfigKeys(), path, {});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("JOBREC_LLM_API_KEY"));
  EXPECT_THAT(config.status().message(), Not(HasSubstr("sk-in-file")));
}

}  // namespace
}  // namespace jobrec::llm
