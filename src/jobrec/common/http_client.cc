// The libcurl implementation of HttpClient. Every libcurl call of the program lives here.
#include "jobrec/common/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"

namespace jobrec::common {

std::string HttpResponse::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

namespace {

using Clock = std::chrono::steady_clock;

// A counting semaphore whose waits can be abandoned when the request is cancelled.
class HostSlots {
 public:
  explicit HostSlots(int capacity) : free_(capacity) {}

  // Returns false when `cancelled` became true before a slot was free.
  bool Acquire(const std::atomic<bool>* cancelled) {
    std::unique_lock lock(mu_);
    while (free_ == 0) {
      if (cancelled != nullptr && cancelled->load()) return false;
      // A cancellation flag cannot wake a condition variable, so poll it.
      cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
    --free_;
    return true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

class SlotGuard {
 public:
  explicit SlotGuard(HostSlots* slots) : slots_(slots) {}
  ~SlotGuard() { slots_->Release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  HostSlots* slots_;
};

bool IsCancelled(const HttpRequest& request) {
  return request.cancelled != nullptr && request.cancelled->load();
}

// Sleeps `duration` in small slices; returns false if cancelled meanwhile.
bool SleepUnlessCancelled(std::chrono::milliseconds duration, const HttpRequest& request) {
  const auto deadline = Clock::now() + duration;
  while (Clock::now() < deadline) {
    if (IsCancelled(request)) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(10)));
  }
  return !IsCancelled(request);
}

// "scheme://host:port" of a URL, the key of the per-host limit; nullopt when it is not a URL.
std::optional<std::string> HostKey(const std::string& url) {
  CURLU* handle = curl_url();
  std::optional<std::string> key;
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(handle, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    std::string scheme_text = scheme;
    if (scheme_text == "http" || scheme_text == "https") {
      key = absl::StrCat(scheme_text, "://", host, ":", port);
    }
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(handle);
  return key;
}

// What a URL may show in logs: no query string, which can carry keys.
std::string LoggableUrl(const std::string& url) { return url.substr(0, url.find('?')); }

// State one transfer's callbacks share.
struct Transfer {
  const HttpRequest* request;
  size_t max_bytes;
  HttpResponse response;
  bool too_large = false;
  char error[CURL_ERROR_SIZE] = {};  // libcurl's detail for a failed transfer
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  std::string line(data, bytes);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after a redirect or a 100 Continue): only the last block counts.
    transfer->response.headers.clear();
    return bytes;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return bytes;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t start = colon + 1;
  while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
  size_t end = line.size();
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  transfer->response.headers.emplace_back(std::move(name), line.substr(start, end - start));
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return IsCancelled(*static_cast<Transfer*>(user)->request) ? 1 : 0;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// One easy handle per thread, reset before each use: it keeps its connection cache, so
// repeated requests to one host reuse the TCP/TLS connection.
CURL* ThreadHandle() {
  thread_local std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  curl_easy_reset(handle.get());
  return handle.get();
}

// The outcome of one attempt: a response, or a transport failure with its curl code.
struct Attempt {
  std::optional<HttpResponse> response;
  absl::Status error;
  bool retryable = false;
};

bool RetryableStatus(int status) { return status == 429 || (status >= 500 && status <= 599); }

// The wait a Retry-After header asks for (delta-seconds or an HTTP-date), if any.
std::optional<std::chrono::milliseconds> RetryAfter(const HttpResponse& response) {
  const std::string value = response.Header("retry-after");
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::chrono::milliseconds::max();
    return std::chrono::seconds(std::stol(value));
  }
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const time_t now = std::time(nullptr);
  return std::chrono::seconds(std::max<time_t>(0, when - now));
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(HttpClientOptions options) : options_(std::move(options)) {}

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request) override {
    const std::optional<std::string> host_key = HostKey(request.url);
    if (!host_key) {
      return absl::InvalidArgumentError(
          absl::StrCat("not an http(s) URL: ", LoggableUrl(request.url)));
    }
    HostSlots* slots = SlotsFor(*host_key);
    const int max_attempts = request.retry ? std::max(1, options_.max_attempts) : 1;
    Attempt attempt;
    for (int number = 1;; ++number) {
      if (IsCancelled(request) || !slots->Acquire(request.cancelled)) return Cancelled(request);
      {
        SlotGuard guard(slots);
        attempt = Perform(request);
      }
      if (attempt.response) attempt.response->attempts = number;
      if (absl::IsCancelled(attempt.error)) return attempt.error;
      const bool retry = attempt.response ? RetryableStatus(attempt.response->status)
                                          : attempt.retryable;
      if (!retry || number >= max_attempts) break;
      const std::chrono::milliseconds delay = Backoff(number, attempt.response);
      log::Warn("http_retry", {{"method", request.method},
                               {"url", LoggableUrl(request.url)},
                               {"attempt", number},
                               {"status", attempt.response ? attempt.response->status : 0},
                               {"error", attempt.error.ok() ? "" : attempt.error.message()},
                               {"delay_ms", delay.count()}});
      if (!SleepUnlessCancelled(delay, request)) return Cancelled(request);
    }
    if (attempt.response) return std::move(*attempt.response);
    return attempt.error;
  }

 private:
  static absl::Status Cancelled(const HttpRequest& request) {
    return absl::CancelledError(
        absl::StrCat(request.method, " ", LoggableUrl(request.url), " cancelled"));
  }

  HostSlots* SlotsFor(const std::string& host_key) {
    std::lock_guard lock(mu_);
    auto& slots = slots_[host_key];
    if (!slots) slots = std::make_unique<HostSlots>(std::max(1, options_.per_host_concurrency));
    return slots.get();
  }

  // base * 2^(n-1), capped, with "equal jitter" (half fixed, half random) so that clients
  // that failed together do not retry together; a Retry-After replaces it, also capped.
  std::chrono::milliseconds Backoff(int number, const std::optional<HttpResponse>& response) {
    if (response) {
      if (auto wait = RetryAfter(*response)) return std::min(*wait, options_.backoff_max);
    }
    const int shift = std::min(number - 1, 30);
    const auto uncapped = options_.backoff_base.count() * (int64_t{1} << shift);
    const int64_t capped = std::min<int64_t>(uncapped, options_.backoff_max.count());
    std::lock_guard lock(mu_);
    std::uniform_int_distribution<int64_t> jitter(0, capped / 2);
    return std::chrono::milliseconds(capped - capped / 2 + jitter(random_));
  }

  Attempt Perform(const HttpRequest& request) const {
    CURL* curl = ThreadHandle();
    Transfer transfer{.request = &request, .max_bytes = options_.max_response_bytes};
    Attempt attempt;
    if (curl == nullptr) {
      attempt.error = absl::InternalError("curl_easy_init failed");
      return attempt;
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add_header = [&headers](const std::string& line) {
      headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    bool has_content_type = false;
    bool has_expect = false;
    for (const auto& [name, value] : request.headers) {
      const std::string lower = absl::AsciiStrToLower(name);
      has_content_type = has_content_type || lower == "content-type";
      has_expect = has_expect || lower == "expect";
      add_header(value.empty() ? name + ";" : name + ": " + value);
    }
    // curl would otherwise add headers of its own to a body (a form Content-Type; Expect:
    // 100-continue on large bodies) that the caller did not ask for.
    if (!has_content_type) add_header("Content-Type:");
    if (!has_expect) add_header("Expect:");

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, transfer.error);
    if (request.method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
      curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    } else if (request.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
      // Always send the body (even empty) so that a bodiless PUT carries Content-Length: 0.
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    }

    const CURLcode code = curl_easy_perform(curl);
    // Clear pointers into this frame so a later reset cannot see them dangling.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      transfer.response.status = static_cast<int>(status);
      attempt.response = std::move(transfer.response);
      return attempt;
    }
    attempt.error = ErrorFor(code, transfer, request);
    attempt.retryable = absl::IsUnavailable(attempt.error) ||
                        absl::IsDeadlineExceeded(attempt.error);
    return attempt;
  }

  absl::Status ErrorFor(CURLcode code, const Transfer& transfer,
                        const HttpRequest& request) const {
    const std::string what =
        absl::StrCat(request.method, " ", LoggableUrl(request.url), ": ",
                     transfer.error[0] != '\0' ? transfer.error : curl_easy_strerror(code));
    if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      return absl::ResourceExhaustedError(absl::StrCat(
          what, " (response larger than ", options_.max_response_bytes, " bytes)"));
    }
    switch (code) {
      case CURLE_ABORTED_BY_CALLBACK:
        return absl::CancelledError(what);
      case CURLE_OPERATION_TIMEDOUT:
        return absl::DeadlineExceededError(what);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        return absl::InvalidArgumentError(what);
      case CURLE_TOO_MANY_REDIRECTS:
        return absl::FailedPreconditionError(what);
      case CURLE_OUT_OF_MEMORY:
        return absl::ResourceExhaustedError(what);
      default:
        // Resolution, connection, TLS, send/receive failures: the far end is not reachable
        // now, which a later attempt may change.
        return absl::UnavailableError(what);
    }
  }

  const HttpClientOptions options_;
  std::mutex mu_;  // guards slots_ and random_
  std::map<std::string, std::unique_ptr<HostSlots>> slots_;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(HttpClientOptions options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::make_unique<CurlHttpClient>(std::move(options));
}

}  // namespace jobrec::common
