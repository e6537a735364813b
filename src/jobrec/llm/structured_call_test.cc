#include "jobrec/llm/structured_call.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/anthropic_client.h"
#include "jobrec/llm/openai_client.h"
#include "jobrec/llm/prompt.h"
#include "jobrec/llm/schemas.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::FakeLlmServer;
using testing::FakeResponse;
using testing::RecordedRequest;

const ReplyCheck kScoreCheck = [](const json& reply) { return ScoreFromJson(reply).status(); };

class StructuredCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto library = PromptLibrary::Embedded();
    ASSERT_TRUE(library.ok()) << library.status();
    library_ = std::make_unique<PromptLibrary>(*std::move(library));
  }

  // A caller against a fake OpenAI-compatible server answering `contents` in turn.
  StructuredCaller Caller(const std::vector<std::string>& contents,
                          StructuredOutput mode = StructuredOutput::kJsonSchema) {
    auto server = FakeLlmServer::Start([contents](const RecordedRequest&, int index) {
      return FakeResponse{.body = testing::OpenAiReply(contents.at(index), 100, 20)};
    });
    EXPECT_TRUE(server.ok());
    server_ = *std::move(server);
    LlmOptions options = testing::TestOptions("openai", server_->BaseUrl());
    options.structured_output = mode;
    return StructuredCaller(std::make_shared<OpenAiClient>(options, testing::FastHttpClient()),
                            *library_->Find("repair-v1"), options.max_output_tokens);
  }

  static StructuredRequest Request() {
    return {.system = "sys",
            .messages = {{.role = ChatMessage::Role::kUser, .content = "Score this."}},
            .reply = ScoreReplySchema()};
  }

  json ScoreWith(const std::string& key, json value) {
    json reply = testing::GoodScoreJson();
    reply[key] = std::move(value);
    return reply;
  }

  std::unique_ptr<PromptLibrary> library_;
  std::unique_ptr<FakeLlmServer> server_;
};

TEST_F(StructuredCallTest, ValidReplyNeedsOneCall) {
  StructuredOutcome outcome =
      Caller({testing::GoodScoreJson().dump()}).Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_EQ(outcome.calls, 1);
  EXPECT_FALSE(outcome.repaired);
  EXPECT_EQ(outcome.usage, (Usage{.input_tokens = 100, .output_tokens = 20}));
  EXPECT_EQ(outcome.model, "fake-model-2025");
}

TEST_F(StructuredCallTest, ScoreElevenIsRepairedOnce) {
  const std::string bad = ScoreWith("score", 11).dump();
  StructuredOutcome outcome =
      Caller({bad, testing::GoodScoreJson(10).dump()}).Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_EQ((*outcome.value)["score"], 10);
  EXPECT_EQ(outcome.calls, 2);
  EXPECT_TRUE(outcome.repaired);
  EXPECT_EQ(outcome.usage, (Usage{.input_tokens = 200, .output_tokens = 40}));

  // The repair request: the original conversation, the bad reply, the error quoted.
  const auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  const json& messages = requests[1].json["messages"];
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[1]["content"], "Score this.");
  EXPECT_EQ(messages[2]["role"], "assistant");
  EXPECT_EQ(messages[2]["content"], bad);
  EXPECT_EQ(messages[3]["role"], "user");
  EXPECT_THAT(messages[3]["content"].get<std::string>(),
              HasSubstr("score: 11 is above the maximum 10"));
  EXPECT_THAT(messages[3]["content"].get<std::string>(), HasSubstr("corrected JSON object"));
  EXPECT_EQ(requests[1].json["response_format"], requests[0].json["response_format"]);
}

TEST_F(StructuredCallTest, ScoreAsStringTwiceFailsWithTheReason) {
  const std::string bad = ScoreWith("score", "7").dump();
  StructuredOutcome outcome = Caller({bad, bad}).Call(Request(), kScoreCheck, {});
  ASSERT_FALSE(outcome.value.ok());
  EXPECT_EQ(outcome.value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(outcome.value.status().message(), HasSubstr("even after one repair"));
  EXPECT_THAT(outcome.value.status().message(), HasSubstr("score: expected an integer"));
  EXPECT_EQ(outcome.calls, 2);
  EXPECT_EQ(server_->RequestCount(), 2);  // one repair, never a third call
}

TEST_F(StructuredCallTest, MissingJustificationIsRepaired) {
  json bad = testing::GoodScoreJson();
  bad.erase("justification");
  StructuredOutcome outcome =
      Caller({bad.dump(), testing::GoodScoreJson().dump()}).Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_THAT(server_->Requests()[1].json["messages"][3]["content"].get<std::string>(),
              HasSubstr("justification: required key is missing"));
}

TEST_F(StructuredCallTest, MalformedJsonIsRepaired) {
  StructuredOutcome outcome = Caller({"{\"score\": 7, \"justification\": \"fits\"",
                                      testing::GoodScoreJson().dump()})
                                  .Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_THAT(server_->Requests()[1].json["messages"][3]["content"].get<std::string>(),
              HasSubstr("no JSON object found"));
}

TEST_F(StructuredCallTest, EmptyReplyIsEchoedAsAPlaceholder) {
  StructuredOutcome outcome =
      Caller({"", testing::GoodScoreJson().dump()}).Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_EQ(server_->Requests()[1].json["messages"][2]["content"], "(empty reply)");
}

TEST_F(StructuredCallTest, PromptModeAcceptsFencedJsonWithoutRepair) {
  const std::string wrapped =
      "Here is my assessment:\n```json\n" + testing::GoodScoreJson(6).dump(2) + "\n```";
  StructuredOutcome outcome =
      Caller({wrapped}, StructuredOutput::kPrompt).Call(Request(), kScoreCheck, {});
  ASSERT_TRUE(outcome.value.ok()) << outcome.value.status();
  EXPECT_EQ((*outcome.value)["score"], 6);
  EXPECT_EQ(outcome.calls, 1);
}

TEST_F(StructuredCallTest, BudgetRefusalBeforeTheRepair) {
  int reserves = 0;
  Usage committed;
  CallAccounting accounting{.reserve = [&](const Usage& estimate) {
                              EXPECT_GT(estimate.input_tokens, 0);
                              EXPECT_EQ(estimate.output_tokens, 500);
                              return ++reserves == 1;
                            },
                            .commit = [&](const Usage& actual) { committed += actual; }};
  StructuredOutcome outcome = Caller({ScoreWith("score", 11).dump()}).Call(Request(), kScoreCheck, accounting);
  EXPECT_TRUE(outcome.budget_refused);
  EXPECT_EQ(outcome.value.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(outcome.calls, 1);
  EXPECT_EQ(committed, (Usage{.input_tokens = 100, .output_tokens = 20}));
}

TEST_F(StructuredCallTest, CancelledBeforeTheCall) {
  std::atomic<bool> cancelled{true};
  StructuredRequest request = Request();
  request.cancelled = &cancelled;
  StructuredOutcome outcome = Caller({testing::GoodScoreJson().dump()}).Call(request, kScoreCheck, {});
  EXPECT_EQ(outcome.value.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(server_->RequestCount(), 0);
}

TEST_F(StructuredCallTest, TruncatedAndRefusedRepliesAreNotRepaired) {
  auto server = FakeLlmServer::Start([](const RecordedRequest&, int index) {
    if (index == 0) {
      return FakeResponse{.body = testing::AnthropicToolReply(testing::GoodScoreJson(), 5, 500,
                                                              "record_score", "max_tokens")};
    }
    return FakeResponse{.body = json{{"type", "message"},
                                     {"content", {{{"type", "text"}, {"text", "I won't rate this."}}}},
                                     {"stop_reason", "refusal"},
                                     {"usage", {{"input_tokens", 5}, {"output_tokens", 5}}}}
                                    .dump()};
  });
  ASSERT_TRUE(server.ok());
  StructuredCaller caller(
      std::make_shared<AnthropicClient>(testing::TestOptions("anthropic", (*server)->BaseUrl()),
                                        testing::FastHttpClient()),
      *library_->Find("repair-v1"), 500);
  StructuredOutcome truncated = caller.Call(Request(), kScoreCheck, {});
  EXPECT_EQ(truncated.value.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(truncated.value.status().message(), HasSubstr("output token limit (500 tokens)"));
  EXPECT_EQ(truncated.usage.output_tokens, 500);
  StructuredOutcome refused = caller.Call(Request(), kScoreCheck, {});
  EXPECT_EQ(refused.value.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.value.status().message(), HasSubstr("model refused: I won't rate this."));
  EXPECT_EQ((*server)->RequestCount(), 2);
}

}  // namespace
}  // namespace jobrec::llm
