#include "jobrec/llm/testing/fake_llm_server.h"

#include <httplib.h>

#include "absl/strings/ascii.h"

namespace jobrec::llm::testing {

using nlohmann::json;

absl::StatusOr<std::unique_ptr<FakeLlmServer>> FakeLlmServer::Start(Handler handler) {
  std::unique_ptr<FakeLlmServer> server(new FakeLlmServer(std::move(handler)));
  server->port_ = server->server_->bind_to_any_port("127.0.0.1");
  if (server->port_ <= 0) return absl::InternalError("fake LLM server: cannot bind 127.0.0.1");
  // The socket listens from here on: requests wait in the backlog until the loop accepts.
  server->thread_ = std::jthread([raw = server.get()] { raw->server_->listen_after_bind(); });
  // httplib's stop() is a no-op until the accept loop runs, so a server stopped before that
  // would never stop: wait for the loop.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server->server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return absl::InternalError("fake LLM server: accept loop did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server;
}

FakeLlmServer::FakeLlmServer(Handler handler)
    : handler_(std::move(handler)), server_(std::make_unique<httplib::Server>()) {
  // Enough threads for every benchmark connection plus keep-alive leftovers.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  // One request per connection: a kept-alive idle connection would hold up stop() for the
  // keep-alive timeout.
  server_->set_keep_alive_max_count(1);
  server_->Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest recorded{.method = req.method, .path = req.path, .body = req.body};
    for (const auto& [name, value] : req.params) recorded.params[name] = value;
    for (const auto& [name, value] : req.headers) recorded.headers[absl::AsciiStrToLower(name)] = value;
    recorded.json = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    int index = 0;
    {
      std::lock_guard lock(mu_);
      index = static_cast<int>(requests_.size());
      requests_.push_back(recorded);
    }
    cv_.notify_all();
    FakeResponse response = handler_(recorded, index);
    if (response.delay.count() > 0) {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, response.delay, [this] { return stopping_; });
    }
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(response.body, "application/json");
  });
}

FakeLlmServer::~FakeLlmServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  server_->stop();
}

std::string FakeLlmServer::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<RecordedRequest> FakeLlmServer::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeLlmServer::RequestCount() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(requests_.size());
}

bool FakeLlmServer::WaitForRequests(int count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return static_cast<int>(requests_.size()) >= count; });
}

std::string OpenAiReply(const std::string& content, int64_t prompt_tokens,
                        int64_t completion_tokens, const std::string& finish_reason) {
  return json{{"id", "chatcmpl-test"},
              {"object", "chat.completion"},
              {"model", "fake-model-2025"},
              {"choices",
               {{{"index", 0},
                 {"message", {{"role", "assistant"}, {"content", content}, {"refusal", nullptr}}},
                 {"finish_reason", finish_reason}}}},
              {"usage",
               {{"prompt_tokens", prompt_tokens},
                {"completion_tokens", completion_tokens},
                {"total_tokens", prompt_tokens + completion_tokens}}}}
      .dump();
}

std::string AnthropicToolReply(const json& input, int64_t input_tokens, int64_t output_tokens,
                               const std::string& tool, const std::string& stop_reason) {
  return json{{"id", "msg_test"},
              {"type", "message"},
              {"role", "assistant"},
              {"model", "fake-claude"},
              {"content",
               {{{"type", "tool_use"}, {"id", "toolu_1"}, {"name", tool}, {"input", input}}}},
              {"stop_reason", stop_reason},
              {"usage", {{"input_tokens", input_tokens}, {"output_tokens", output_tokens}}}}
      .dump();
}

json GoodScoreJson(int score) {
  return {{"score", score},
          {"justification", "You match the core stack; the seniority is right."},
          {"matched_skills", {"Python", "SQL"}},
          {"missing_skills", {"Kubernetes"}},
          {"dealbreakers", json::array()}};
}

}  // namespace jobrec::llm::testing
