#include "jobrec/llm/anthropic_client.h"

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

std::unique_ptr<FakeLlmServer> StartServer(FakeLlmServer::Handler handler) {
  auto server = FakeLlmServer::Start(std::move(handler));
  EXPECT_TRUE(server.ok()) << server.status();
  return std::move(server).value();
}

StructuredRequest ScoreRequest() {
  return {.system = "You are a recruiter.",
          .messages = {{.role = ChatMessage::Role::kUser, .content = "Score this."}},
          .reply = ScoreReplySchema()};
}

FakeResponse Overloaded() {
  return {.status = 529,
          .body = R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})"};
}

TEST(AnthropicClientTest, SendsTheDocumentedRequestShape) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = testing::AnthropicToolReply(testing::GoodScoreJson(), 200, 60)};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  ASSERT_TRUE(client.Complete(ScoreRequest()).ok());

  const RecordedRequest request = server->Requests()[0];
  EXPECT_EQ(request.path, "/v1/messages");
  EXPECT_EQ(request.headers.at("x-api-key"), testing::kTestApiKey);
  EXPECT_EQ(request.headers.at("anthropic-version"), "2023-06-01");
  EXPECT_EQ(request.headers.at("content-type"), "application/json");
  EXPECT_EQ(request.headers.count("authorization"), 0u);
  const json& body = request.json;
  EXPECT_EQ(body["model"], "claude-test");
  EXPECT_EQ(body["max_tokens"], 500);
  EXPECT_EQ(body["system"], "You are a recruiter.");
  ASSERT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(body["messages"][0], json({{"role", "user"}, {"content", "Score this."}}));
  ASSERT_EQ(body["tools"].size(), 1u);
  EXPECT_EQ(body["tools"][0]["name"], "record_score");
  EXPECT_EQ(body["tools"][0]["input_schema"], ScoreReplySchema().schema);
  EXPECT_EQ(body["tool_choice"], json({{"type", "tool"}, {"name", "record_score"}}));
}

TEST(AnthropicClientTest, ReadsTheToolInputAndUsage) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = testing::AnthropicToolReply(testing::GoodScoreJson(4), 812, 97)};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(json::parse(reply->text), testing::GoodScoreJson(4));
  EXPECT_EQ(reply->usage, (Usage{.input_tokens = 812, .output_tokens = 97}));
  EXPECT_EQ(reply->model, "fake-claude");
  EXPECT_EQ(reply->stop, StopReason::kComplete);
}

TEST(AnthropicClientTest, TextBlockFallbackAndMaxTokens) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{.body = json{{"type", "message"},
                                     {"content", {{{"type", "text"}, {"text", "{\"score\": 3"}}}},
                                     {"stop_reason", "max_tokens"},
                                     {"usage", {{"input_tokens", 10}, {"output_tokens", 500}}}}
                                    .dump()};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "{\"score\": 3");
  EXPECT_EQ(reply->stop, StopReason::kTruncated);
}

TEST(AnthropicClientTest, OverloadedIsRetried) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    if (index == 0) return Overloaded();
    return FakeResponse{.body = testing::AnthropicToolReply(testing::GoodScoreJson(), 1, 1)};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  EXPECT_TRUE(client.Complete(ScoreRequest()).ok());
  EXPECT_EQ(server->RequestCount(), 2);
}

TEST(AnthropicClientTest, PersistentOverloadIsUnavailable) {
  auto server = StartServer([](const RecordedRequest&, int) { return Overloaded(); });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient(3));
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(reply.status().message(),
              HasSubstr("anthropic: HTTP 529: overloaded_error: Overloaded"));
  EXPECT_EQ(server->RequestCount(), 3);
}

TEST(AnthropicClientTest, InvalidRequestIsNotRetried) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{
        .status = 400,
        .body = R"({"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: too large"}})"};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(reply.status().message(), HasSubstr("invalid_request_error: max_tokens: too large"));
  EXPECT_EQ(server->RequestCount(), 1);
}

TEST(AnthropicClientTest, ErrorBodyWithSuccessStatusAndMalformedJson) {
  auto server = StartServer([](const RecordedRequest&, int index) {
    if (index == 0) {
      return FakeResponse{.body = R"({"type": "error", "error": {"type": "api_error", "message": "boom"}})"};
    }
    return FakeResponse{.body = "{\"content\": [ {\"type\": \"tool_use\""};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto error = client.Complete(ScoreRequest());
  EXPECT_THAT(error.status().message(), HasSubstr("api_error: boom"));
  auto malformed = client.Complete(ScoreRequest());
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInternal);
}

TEST(AnthropicClientTest, MistypedFieldsDoNotThrow) {
  auto server = StartServer([](const RecordedRequest&, int) {
    return FakeResponse{
        .body = R"({"type": 5, "model": 1, "content": [{"type": 3}, "x", {"type": "tool_use", "name": 2}],
                    "stop_reason": [], "usage": {"input_tokens": "many"}})"};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "");
  EXPECT_EQ(reply->usage, Usage{});
  EXPECT_EQ(reply->model, "claude-test");
}

TEST(AnthropicClientTest, AuthenticationErrorRedactsTheKey) {
  auto server = StartServer([](const RecordedRequest& request, int) {
    return FakeResponse{.status = 401,
                        .body = json{{"type", "error"},
                                     {"error",
                                      {{"type", "authentication_error"},
                                       {"message", "invalid x-api-key " + request.headers.at("x-api-key")}}}}
                                    .dump()};
  });
  AnthropicClient client(testing::TestOptions("anthropic", server->BaseUrl()), testing::FastHttpClient());
  auto reply = client.Complete(ScoreRequest());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(reply.status().message(), Not(HasSubstr(testing::kTestApiKey)));
  EXPECT_THAT(reply.status().message(), HasSubstr("[redacted]"));
}

}  // namespace
}  // namespace jobrec::llm
