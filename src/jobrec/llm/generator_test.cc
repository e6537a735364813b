#include "jobrec/llm/generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FakeLlmServer;
using testing::FakeResponse;
using testing::RecordedRequest;

class GeneratorTest : public ::testing::Test {
 protected:
  void Start(const std::string& provider, FakeLlmServer::Handler handler) {
    auto server = FakeLlmServer::Start(std::move(handler));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    LlmOptions options = testing::TestOptions(provider, server_->BaseUrl());
    options.pricing = {.input_per_mtok = 1.0, .output_per_mtok = 2.0};
    auto runtime = NewLlmRuntime(options, testing::FastHttpClient());
    ASSERT_TRUE(runtime.ok()) << runtime.status();
    runtime_ = *std::move(runtime);
  }

  std::unique_ptr<FakeLlmServer> server_;
  LlmRuntime runtime_;
};

TEST_F(GeneratorTest, IdealPostingsOverOpenAi) {
  ASSERT_NO_FATAL_FAILURE(Start("openai", [](const RecordedRequest&, int) {
    const json reply = {{"postings", {"Data Engineer at a retailer ...", "Analytics Engineer ..."}}};
    return FakeResponse{.body = testing::OpenAiReply(reply.dump(), 400, 300)};
  }));
  auto result = runtime_.generator->GenerateIdealPostings(testing::SampleProfile(), 2);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->postings, ElementsAre("Data Engineer at a retailer ...", "Analytics Engineer ..."));
  EXPECT_EQ(result->info.prompt_version, "ideal-postings-v1");
  EXPECT_EQ(result->info.usage, (Usage{.input_tokens = 400, .output_tokens = 300}));
  EXPECT_NEAR(result->info.cost_usd, (400 * 1.0 + 300 * 2.0) / 1e6, 1e-12);

  const json body = server_->Requests()[0].json;
  const json& schema = body["response_format"]["json_schema"];
  EXPECT_EQ(schema["name"], "record_ideal_postings");
  EXPECT_EQ(schema["schema"]["properties"]["postings"]["minItems"], 2);
  EXPECT_EQ(schema["schema"]["properties"]["postings"]["maxItems"], 2);
  EXPECT_THAT(body["messages"][1]["content"].get<std::string>(), HasSubstr("Write 2 different"));
  EXPECT_THAT(body["messages"][1]["content"].get<std::string>(), HasSubstr("Python (5)"));
}

TEST_F(GeneratorTest, IdealPostingsCountIsBounded) {
  ASSERT_NO_FATAL_FAILURE(Start("openai", [](const RecordedRequest&, int) { return FakeResponse{}; }));
  EXPECT_EQ(runtime_.generator->GenerateIdealPostings(testing::SampleProfile(), 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(runtime_.generator->GenerateIdealPostings(testing::SampleProfile(), 11).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server_->RequestCount(), 0);
}

TEST_F(GeneratorTest, KeywordsOverAnthropicWithRepair) {
  ASSERT_NO_FATAL_FAILURE(Start("anthropic", [](const RecordedRequest& request, int index) {
    EXPECT_EQ(request.json["tool_choice"]["name"], "record_search_keywords");
    const json reply = index == 0
        ? json{{"include", {"data engineer", "python"}}, {"exclude", {"intern"}}}
        : json{{"include", {"Data", "python", "airflow"}}, {"exclude", {"intern"}}};
    return FakeResponse{.body = testing::AnthropicToolReply(reply, 300, 50, "record_search_keywords")};
  }));
  auto result = runtime_.generator->GenerateSearchKeywords(testing::SampleProfile());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(result->keywords.include, ElementsAre("data", "python", "airflow"));
  EXPECT_THAT(result->keywords.exclude, ElementsAre("intern"));
  EXPECT_TRUE(result->info.repaired);
  EXPECT_EQ(result->info.calls, 2);
  const json repair = server_->Requests()[1].json["messages"];
  ASSERT_EQ(repair.size(), 3u);
  EXPECT_EQ(repair[1]["role"], "assistant");
  EXPECT_THAT(repair[2]["content"].get<std::string>(), HasSubstr("not a single word"));
}

TEST_F(GeneratorTest, KeywordsFailureAfterRepair) {
  ASSERT_NO_FATAL_FAILURE(Start("anthropic", [](const RecordedRequest&, int) {
    const json reply = {{"include", {"java"}}, {"exclude", {"java"}}};
    return FakeResponse{.body = testing::AnthropicToolReply(reply, 300, 50, "record_search_keywords")};
  }));
  auto result = runtime_.generator->GenerateSearchKeywords(testing::SampleProfile());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("both included and excluded"));
  EXPECT_EQ(server_->RequestCount(), 2);
}

}  // namespace
}  // namespace jobrec::llm
