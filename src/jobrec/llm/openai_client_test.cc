#include "jobrec/llm/openai_client.h"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/schemas.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeLlmServer;
using testing::FakeResponse;
using testing::RecordedRequest;
using namespace std::chrono_literals;

std::unique_ptr<FakeLlmServer> StartServer(FakeLlmServer::Handler handler) {
  auto server = FakeLlmServer::Start(std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status();
  return std::move(server).value();
}

FakeResponse Reply(const json& content, int64_t in = 120, int64_t out = 40) {
  return {.body = testing::OpenAiReply(content.dump(), in, out)};
}

StructuredRequest ScoreRequest() {
  return {.system = "You are a recruiter.",
          .messages = {{.role = ChatMessage::Role::kUser, .content = "Score this."}},
          .reply = ScoreReplySchema()};
}

TEST(OpenAiClientTest, SendsTheDocumentedRequestShape) {
  auto server = StartServer([](const RecordedRequest&, int) { return Reply(testing::GoodScoreJson()); });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl() + "/v1/"),
                      testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();

  ASSERT_EQ(server->RequestCount(), 1);
  const RecordedRequest request = server->Requests()[0];
  EXPECT_EQ(request.path, "/v1/chat/completions");
  EXPECT_EQ(request.headers.at("authorization"), std::string("Bearer ") + testing::kTestApiKey);
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.headers.count("api-key"), 0u);
  const json& body = request.json;
  EXPECT_EQ(body["model"], "gpt-test");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][0]["content"], "You are a recruiter.");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "Score this.");
  EXPECT_EQ(body["temperature"], 0.0);
  // Not api.openai.com: the widely supported max_tokens.
  EXPECT_EQ(body["max_tokens"], 500);
  EXPECT_FALSE(body.contains("max_completion_tokens"));
  const json& format = body["response_format"];
  EXPECT_EQ(format["type"], "json_schema");
  EXPECT_EQ(format["json_schema"]["name"], "record_score");
  EXPECT_EQ(format["json_schema"]["strict"], true);
  EXPECT_EQ(format["json_schema"]["schema"], ScoreReplySchema().schema);
}

TEST(OpenAiClientTest, ParsesContentUsageAndModel) {
  auto server = StartServer([](const RecordedRequest&, int) { return Reply(testing::GoodScoreJson(9), 321, 54); });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(json::parse(reply->text)["score"], 9);
  EXPECT_EQ(reply->usage, (Usage{.input_tokens = 321, .output_tokens = 54}));
  EXPECT_EQ(reply->model, "fake-model-2025");
  EXPECT_EQ(reply->stop, StopReason::kComplete);
}

TEST(OpenAiClientTest, AzureStyleApiKeyHeaderAndApiVersion) {
  auto server = StartServer([](const RecordedRequest&, int) { return Reply(testing::GoodScoreJson()); });
  LlmOptions options =
      testing::TestOptions("openai", server->BaseUrl() + "/openai/deployments/scorer");
  options.auth_header = AuthHeader::kApiKey;
  options.api_version = "2024-10-21";
  options.max_tokens_param = MaxTokensParam::kMaxCompletionTokens;
  OpenAiClient client(options, testing::FastHttpClient());
  ASSERT_TRUE(client.Complete(ScoreRequest()).ok());
  const RecordedRequest request = server->Requests()[0];
  EXPECT_EQ(request.path, "/openai/deployments/scorer/chat/completions");
  EXPECT_EQ(request.params.at("api-version"), "2024-10-21");
  EXPECT_EQ(request.headers.at("api-key"), testing::kTestApiKey);
  EXPECT_EQ(request.headers.count("authorization"), 0u);
  EXPECT_EQ(request.json["max_completion_tokens"], 500);
  EXPECT_FALSE(request.json.contains("max_tokens"));
}

TEST(OpenAiClientTest, JsonObjectAndPromptModesPutTheSchemaInTheSystemPrompt) {
  auto server = StartServer([](const RecordedRequest&, int) { return Reply(testing::GoodScoreJson()); });
  LlmOptions options = testing::TestOptions("openai", server->BaseUrl());
  options.structured_output = StructuredOutput::kJsonObject;
  ASSERT_TRUE(OpenAiClient(options, testing::FastHttpClient()).Complete(ScoreRequest()).ok());
  options.structured_output = StructuredOutput::kPrompt;
  ASSERT_TRUE(OpenAiClient(options, testing::FastHttpClient()).Complete(ScoreRequest()).ok());

  const auto requests = server->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].json["response_format"], json({{"type", "json_object"}}));
  EXPECT_FALSE(requests[1].json.contains("response_format"));
  for (const auto& request : requests) {
    const std::string system = request.json["messages"][0]["content"];
    EXPECT_THAT(system, HasSubstr("You are a recruiter."));
    EXPECT_THAT(system, HasSubstr("JSON Schema"));
    EXPECT_THAT(system, HasSubstr("\"justification\""));
  }
}

TEST(OpenAiClientTest, NoKeyNoAuthorizationHeader) {
  auto server = StartServer([](const RecordedRequest&, int) { return Reply(testing::GoodScoreJson()); });
  LlmOptions options = testing::TestOptions("openai", server->BaseUrl());
  options.api_key.clear();
  ASSERT_TRUE(OpenAiClient(options, testing::FastHttpClient()).Complete(ScoreRequest()).ok());
  EXPECT_EQ(server->Requests()[0].headers.count("authorization"), 0u);
}

TEST(OpenAiClientTest, RefusalAndContentFilter) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    if (index == 0) {
      return FakeResponse{.body = json{{"model", "m"},
                                       {"choices",
                                        {{{"message", {{"content", nullptr},
                                                       {"refusal", "I can't help with that."}}},
                                          {"finish_reason", "stop"}}}},
                                       {"usage", {{"prompt_tokens", 10}, {"completion_tokens", 5}}}}
                                      .dump()};
    }
    return FakeResponse{.body = testing::OpenAiReply("", 10, 0, "content_filter")};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto refused = client.Complete(ScoreRequest());
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->stop, StopReason::kRefused);
  EXPECT_EQ(refused->refusal, "I can't help with that.");
  EXPECT_EQ(refused->usage.input_tokens, 10);
  auto filtered = client.Complete(ScoreRequest());
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_EQ(filtered->stop, StopReason::kRefused);
}

TEST(OpenAiClientTest, FinishReasonLengthIsATruncation) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = testing::OpenAiReply("{\"score\": 7, \"justi", 100, 500, "length")};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->stop, StopReason::kTruncated);
  EXPECT_EQ(reply->usage.output_tokens, 500);
}

TEST(OpenAiClientTest, ErrorObjectInASuccessfulResponse) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = R"({"error": {"message": "upstream model crashed", "code": "server_error"}})"};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_FALSE(reply.ok());
  EXPECT_THAT(reply.status().message(), HasSubstr("server_error: upstream model crashed"));
}

TEST(OpenAiClientTest, MalformedBodies) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    static const char* const kBodies[] = {"<html>gateway</html>", "{\"choices\": []}",
                                          "{\"choices\": [{\"finish_reason\": \"stop\"}]}", "[]"};
    return FakeResponse{.body = kBodies[index % 4]};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  for (int i = 0; i < 4; ++i) {
    auto reply = client.Complete(ScoreRequest());
    ASSERT_FALSE(reply.ok()) << i;
    EXPECT_EQ(reply.status().code(), absl::StatusCode::kInternal) << reply.status();
  }
}

TEST(OpenAiClientTest, MistypedFieldsDoNotThrow) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = R"({"model": 3, "choices": [{"message": {"content": 5, "refusal": 1},
                                    "finish_reason": 7}], "usage": []})"};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "");
  EXPECT_EQ(reply->stop, StopReason::kComplete);
  EXPECT_EQ(reply->usage, Usage{});
  EXPECT_EQ(reply->model, "gpt-test");
}

TEST(OpenAiClientTest, RetriesA429HonouringRetryAfter) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    if (index == 0) {
      return FakeResponse{.status = 429,
                          .body = R"({"error": {"message": "Rate limit reached", "type": "requests"}})",
                          .headers = {{"Retry-After", "1"}}};
    }
    return Reply(testing::GoodScoreJson());
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  const auto start = std::chrono::steady_clock::now();
  auto reply = client.Complete(ScoreRequest());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(server->RequestCount(), 2);
  EXPECT_GE(elapsed, 900ms);  // the 10 ms backoff would otherwise apply
}

TEST(OpenAiClientTest, PersistentRateLimitIsResourceExhausted) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.status = 429, .body = R"({"error": {"message": "slow down", "type": "tokens"}})"};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient(2));
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(reply.status().message(), HasSubstr("openai: HTTP 429: tokens: slow down"));
  EXPECT_EQ(server->RequestCount(), 2);
}

TEST(OpenAiClientTest, RetriesA500ThenSucceeds) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    if (index == 0) return FakeResponse{.status = 500, .body = "{}"};
    return Reply(testing::GoodScoreJson());
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  EXPECT_TRUE(client.Complete(ScoreRequest()).ok());
  EXPECT_EQ(server->RequestCount(), 2);
}

TEST(OpenAiClientTest, TimeoutIsDeadlineExceeded) {
  auto server = StartServer([](const RecordedRequest&, int) {
    FakeResponse response = Reply(testing::GoodScoreJson());
    response.delay = 3s;
    return response;
  });
  LlmOptions options = testing::TestOptions("openai", server->BaseUrl());
  options.timeout = 200ms;
  OpenAiClient client(options, testing::FastHttpClient(1));
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kDeadlineExceeded) << reply.status();
}

TEST(OpenAiClientTest, UnauthorizedNeverEchoesTheKey) {
  auto server = StartServer([](const RecordedRequest& request, int) {
    // Like providers do: the error message quotes the key that was sent.
    const std::string key = request.headers.count("authorization")
                                ? request.headers.at("authorization").substr(7)
                                : "";
    return FakeResponse{.status = 401,
                        .body = json{{"error",
                                      {{"message", "Incorrect API key provided: " + key},
                                       {"type", "invalid_request_error"}}}}
                                    .dump()};
  });
  OpenAiClient client(testing::TestOptions("openai", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(reply.status().message(), HasSubstr("Incorrect API key provided: [redacted]"));
  EXPECT_THAT(reply.status().message(), Not(HasSubstr(testing::kTestApiKey)));
}

TEST(OpenAiClientTest, ConnectionRefusedIsUnavailable) {
  std::string url;
  {
    auto server = StartServer([](const RecordedRequest&, int) { return FakeResponse{}; });
    url = server->BaseUrl();
  }  // stopped: nothing listens on the port any more
  OpenAiClient client(testing::TestOptions("openai", url), testing::FastHttpClient(1));
  EXPECT_EQ(client.Complete(ScoreRequest()).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace jobrec::llm
