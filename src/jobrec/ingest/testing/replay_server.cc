#include "jobrec/ingest/testing/replay_server.h"

#include <httplib.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest::testing {

ScriptedResponse JsonResponse(std::string body, int status) {
  return ScriptedResponse{.status = status, .body = std::move(body)};
}

ScriptedResponse RateLimitedResponse(int retry_after_seconds) {
  return ScriptedResponse{.status = 429,
                          .body = R"({"error":"rate limited"})",
                          .headers = {{"Retry-After", std::to_string(retry_after_seconds)}}};
}

ScriptedResponse ErrorResponse(int status, std::string body) {
  return ScriptedResponse{.status = status, .body = std::move(body)};
}

ScriptedResponse HtmlResponse(std::string body, int status) {
  return ScriptedResponse{.status = status, .body = std::move(body), .content_type = "text/html"};
}

ScriptedResponse Delayed(ScriptedResponse response, std::chrono::milliseconds delay) {
  response.delay = delay;
  return response;
}

std::string RecordedRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

bool RecordedRequest::HasParam(const std::string& name) const { return params.count(name) > 0; }

std::string RecordedRequest::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (absl::AsciiStrToLower(key) == absl::AsciiStrToLower(name)) return value;
  }
  return "";
}

ReplayServer::ReplayServer() : server_(std::make_unique<httplib::Server>()) {}

absl::StatusOr<std::unique_ptr<ReplayServer>> ReplayServer::Start() {
  std::unique_ptr<ReplayServer> replay(new ReplayServer());
  ReplayServer* self = replay.get();
  auto handler = [self](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest recorded{.method = req.method,
                             .path = req.path,
                             .params = {req.params.begin(), req.params.end()},
                             .headers = {req.headers.begin(), req.headers.end()},
                             .received = std::chrono::steady_clock::now()};
    const ScriptedResponse answer = self->Answer(std::move(recorded));
    self->Wait(answer.delay);
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_content(answer.body, answer.content_type);
  };
  // One request per connection: a kept-alive connection would hold the server's worker (and
  // so the destructor) until the keep-alive timeout.
  replay->server_->set_keep_alive_max_count(1);
  replay->server_->Get(".*", handler);
  replay->server_->Post(".*", handler);
  replay->port_ = replay->server_->bind_to_any_port("127.0.0.1");
  if (replay->port_ <= 0) return absl::UnavailableError("replay server: cannot bind 127.0.0.1");
  // The socket already listens: requests queue in its backlog until the accept loop runs.
  replay->thread_ = std::jthread([self] { self->server_->listen_after_bind(); });
  return replay;
}

ReplayServer::~ReplayServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  // stop() only acts once the accept loop runs; wait for it so the join below cannot hang.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string ReplayServer::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

void ReplayServer::Add(const std::string& path_and_query, ScriptedResponse response) {
  const size_t question = path_and_query.find('?');
  const std::string path = path_and_query.substr(0, question);
  std::multimap<std::string, std::string> params;
  if (question != std::string::npos) {
    httplib::Params parsed;
    httplib::detail::parse_query_text(path_and_query.substr(question + 1), parsed);
    params.insert(parsed.begin(), parsed.end());
  }
  std::lock_guard lock(mu_);
  auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& route) {
    return route.path == path && route.params == params;
  });
  if (it == routes_.end()) {
    routes_.push_back(Route{.path = path, .params = std::move(params)});
    it = std::prev(routes_.end());
  }
  it->responses.push_back(std::move(response));
}

void ReplayServer::AddFile(const std::string& path_and_query, const std::string& file) {
  Add(path_and_query, JsonResponse(ReadFixture(file)));
}

std::vector<RecordedRequest> ReplayServer::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<RecordedRequest> ReplayServer::RequestsTo(const std::string& path) const {
  std::vector<RecordedRequest> matching;
  for (auto& request : Requests()) {
    if (request.path == path) matching.push_back(std::move(request));
  }
  return matching;
}

ScriptedResponse ReplayServer::Answer(RecordedRequest request) {
  std::lock_guard lock(mu_);
  Route* best = nullptr;
  for (Route& route : routes_) {
    if (route.path != request.path) continue;
    const bool carries_all =
        std::all_of(route.params.begin(), route.params.end(), [&](const auto& wanted) {
          auto [first, last] = request.params.equal_range(wanted.first);
          return std::any_of(first, last,
                             [&](const auto& got) { return got.second == wanted.second; });
        });
    if (carries_all && (best == nullptr || route.params.size() > best->params.size()))
      best = &route;
  }
  requests_.push_back(std::move(request));
  if (best == nullptr) return ErrorResponse(404, R"({"error":"no scripted response"})");
  const size_t index = std::min(best->served++, best->responses.size() - 1);
  return best->responses[index];
}

void ReplayServer::Wait(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) return;
  std::unique_lock lock(mu_);
  stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace jobrec::ingest::testing
