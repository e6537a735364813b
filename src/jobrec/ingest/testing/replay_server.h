// A local HTTP server for connector tests: it answers scripted responses on 127.0.0.1 (an
// ephemeral port) and records every request it receives, so a test can play a provider's
// documented answers, inject failures (429 + Retry-After, 5xx, slow answers, broken JSON) and
// then assert what the connector asked for.
//
// Routes: a route is a path plus the query parameters a request must carry ("/api/search?Page=2"
// matches "/api/search?Keyword=x&Page=2"). When several routes match, the one naming the most
// parameters wins; ties go to the route added first. Each route holds a queue of responses: the
// n-th request to it gets the n-th response, or the last one when the queue is shorter, so a
// route with one response answers it forever and a response added later is served next. A request
// no route matches gets a 404 "no scripted response" and is still recorded.
//
// Thread-safety: all public calls are safe from any thread while the server runs. The destructor
// stops the server (cutting short any scripted delay) and joins its thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "jobrec/common/status.h"

namespace httplib {
class Server;
}

namespace jobrec::ingest::testing {

struct ScriptedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // waited before answering (to provoke client timeouts)
};

// Shorthands for the answers tests script most.
ScriptedResponse JsonResponse(std::string body, int status = 200);
ScriptedResponse RateLimitedResponse(int retry_after_seconds);
ScriptedResponse ErrorResponse(int status, std::string body = "{}");
ScriptedResponse HtmlResponse(std::string body, int status = 200);
ScriptedResponse Delayed(ScriptedResponse response, std::chrono::milliseconds delay);

struct RecordedRequest {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;   // decoded query parameters
  std::multimap<std::string, std::string> headers;  // names as sent
  std::chrono::steady_clock::time_point received;

  // First value of a query parameter / header (header names compared case-insensitively), or "".
  std::string Param(const std::string& name) const;
  bool HasParam(const std::string& name) const;
  std::string Header(const std::string& name) const;
};

class ReplayServer {
 public:
  // Binds 127.0.0.1 on an ephemeral port and starts serving. Errors: Unavailable when no port
  // could be bound.
  static absl::StatusOr<std::unique_ptr<ReplayServer>> Start();
  ~ReplayServer();
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  // "http://127.0.0.1:<port>", no trailing slash.
  std::string BaseUrl() const;

  // Appends `response` to the queue of the route `path_and_query` (created on first use).
  void Add(const std::string& path_and_query, ScriptedResponse response);
  // Reads `file` (relative to src/jobrec/ingest/testdata/, see ReadFixture) and adds it as a
  // 200 JSON answer. Aborts the test program when the file cannot be read.
  void AddFile(const std::string& path_and_query, const std::string& file);

  std::vector<RecordedRequest> Requests() const;
  // Requests whose path equals `path`.
  std::vector<RecordedRequest> RequestsTo(const std::string& path) const;

 private:
  struct Route {
    std::string path;
    std::multimap<std::string, std::string> params;
    std::vector<ScriptedResponse> responses;
    size_t served = 0;  // requests answered so far
  };

  ReplayServer();
  ScriptedResponse Answer(RecordedRequest request);
  // Waits `delay` unless the server stops first.
  void Wait(std::chrono::milliseconds delay);

  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  mutable std::mutex mu_;  // guards routes_, requests_, stopping_
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::vector<Route> routes_;
  std::vector<RecordedRequest> requests_;
  std::jthread thread_;
};

}  // namespace jobrec::ingest::testing
