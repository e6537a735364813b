// Outbound HTTP for everything that talks to the outside (job providers, LLM providers, AWS,
// IMDS). One libcurl-based implementation: timeouts, retries on transport errors, 429 and 5xx
// with exponential backoff honouring Retry-After, and a per-host concurrency limit.
//
// Thread-safety: an HttpClient is safe to share between threads; Send() may block while the
// per-host limit is reached or while it backs off.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::common {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{30'000};  // whole transfer, per attempt
  bool retry = true;                          // false: one attempt, whatever the answer
  // (A transport error can strike after the server acted: a non-idempotent request without an
  // idempotency token of its own should set retry = false.)
  // When set and becoming true, Send() gives up (between attempts and during transfers)
  // and returns Cancelled.
  const std::atomic<bool>* cancelled = nullptr;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names lower-cased
  std::string body;
  int attempts = 1;
  // First value of a header (name compared case-insensitively), or "".
  std::string Header(const std::string& name) const;
};

struct HttpClientOptions {
  int max_attempts = 4;                          // including the first
  std::chrono::milliseconds backoff_base{500};   // doubled each retry, with jitter
  std::chrono::milliseconds backoff_max{30'000}; // also caps an honoured Retry-After
  int per_host_concurrency = 4;
  std::chrono::milliseconds connect_timeout{10'000};
  size_t max_response_bytes = 64u << 20;
  std::string user_agent = "jobrec/0.1";
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Returns the final response, whatever its status (a 404 or a 500 after the last retry is a
  // response, not an error). Errors: Unavailable (connection failed after retries),
  // DeadlineExceeded (timed out after retries), ResourceExhausted (body over
  // max_response_bytes), InvalidArgument (bad URL), Cancelled.
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request) = 0;
};

std::unique_ptr<HttpClient> NewCurlHttpClient(HttpClientOptions options = {});

}  // namespace jobrec::common
