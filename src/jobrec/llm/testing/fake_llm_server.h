// A local stand-in for LLM providers in tests and benchmarks: a cpp-httplib server on
// 127.0.0.1 (ephemeral port) that records every request and answers with what a handler
// returns, optionally after a delay. It speaks whatever the handler writes, so one class
// serves the OpenAI-compatible and the Anthropic endpoints; the reply builders below produce
// the two providers' documented shapes.
//
// Thread-safety: the handler runs on the server's threads (up to 64 at once) and must be
// thread-safe; the accessors are.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace httplib {
class Server;
}

namespace jobrec::llm::testing {

struct RecordedRequest {
  std::string method;
  std::string path;                            // without the query string
  std::map<std::string, std::string> params;  // query parameters
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json;  // the body parsed, or discarded when it is not JSON
};

struct FakeResponse {
  int status = 200;
  std::string body;
  common::HttpHeaders headers;
  std::chrono::milliseconds delay{0};  // before answering; cut short when the server stops
};

class FakeLlmServer {
 public:
  // `index` counts requests from 0 in arrival order.
  using Handler = std::function<FakeResponse(const RecordedRequest& request, int index)>;

  // Listening when it returns. Internal when no port could be bound.
  static absl::StatusOr<std::unique_ptr<FakeLlmServer>> Start(Handler handler);
  ~FakeLlmServer();
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  std::string BaseUrl() const;  // "http://127.0.0.1:<port>"
  std::vector<RecordedRequest> Requests() const;
  int RequestCount() const;
  // Waits until `count` requests have arrived; false on timeout.
  bool WaitForRequests(int count, std::chrono::milliseconds timeout) const;

 private:
  explicit FakeLlmServer(Handler handler);

  Handler handler_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;  // signals new requests and stopping
  std::vector<RecordedRequest> requests_;
  bool stopping_ = false;
  std::jthread thread_;
};

// A Chat Completions reply whose choices[0].message.content is `content`.
std::string OpenAiReply(const std::string& content, int64_t prompt_tokens,
                        int64_t completion_tokens, const std::string& finish_reason = "stop");
// A Messages API reply with one tool_use block calling `tool` with `input`.
std::string AnthropicToolReply(const nlohmann::json& input, int64_t input_tokens,
                               int64_t output_tokens, const std::string& tool = "record_score",
                               const std::string& stop_reason = "tool_use");
// A valid score reply object.
nlohmann::json GoodScoreJson(int score = 7);

}  // namespace jobrec::llm::testing
