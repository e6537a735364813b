// What every HTTP job-provider connector needs between itself and the HttpClient: pacing
// (a minimum interval between requests, on top of the client's 429/Retry-After handling),
// turning an HTTP answer into the Status codes the Connector contract promises, parsing the
// JSON body, and keeping secrets out of every message it returns or logs.
//
// Thread-safety: not thread-safe; one ProviderClient belongs to one connector, which one sync
// uses at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::ingest {

// Settings every HTTP connector shares; the factory reads them from a source's parameters.
struct ProviderHttpOptions {
  std::string base_url;                           // scheme://host[:port][/prefix], no trailing '/'
  std::chrono::milliseconds timeout{30'000};      // per attempt
  std::chrono::milliseconds min_interval{1'000};  // between the starts of two requests
};

// Lets a connector recognise a provider-specific failure in a non-2xx answer (for instance an
// auth failure reported as HTTP 400 with a JSON body). Returns the status code to use, or
// nullopt for the generic mapping.
using ErrorClassifier =
    std::function<std::optional<absl::StatusCode>(int http_status, const std::string& body)>;

class ProviderClient {
 public:
  // `provider` names the provider in every message ("adzuna"). `secrets` are values that must
  // never appear in a message (API keys, app ids); empty strings are ignored.
  ProviderClient(std::string provider, std::shared_ptr<common::HttpClient> http,
                 ProviderHttpOptions options, std::vector<std::string> secrets = {},
                 ErrorClassifier classifier = nullptr);

  // GETs `url` (which may carry secrets in its query: it is never shown) and returns the parsed
  // JSON of a 2xx answer. Errors, each message naming the provider and never a secret or a
  // query string:
  //   Unauthenticated (401), PermissionDenied (403), NotFound (404),
  //   Unavailable (5xx or 429 after the client's retries; connection failures),
  //   DeadlineExceeded (timed out after retries),
  //   InvalidArgument (other 4xx; a 2xx whose body is not JSON, such as an HTML error page).
  absl::StatusOr<nlohmann::json> GetJson(const std::string& url,
                                         const common::HttpHeaders& headers = {});

  // `text` with every secret replaced by "[redacted]".
  std::string Redact(std::string text) const;

 private:
  void WaitForTurn();
  absl::Status ErrorFor(const common::HttpResponse& response, const std::string& shown_url) const;
  absl::Status Prefixed(const absl::Status& status) const;

  std::string provider_;
  std::shared_ptr<common::HttpClient> http_;
  ProviderHttpOptions options_;
  std::vector<std::string> secrets_;
  ErrorClassifier classifier_;
  std::optional<std::chrono::steady_clock::time_point> last_request_;
};

// "k1=v1&k2=v2" with keys and values percent-encoded (RFC 3986 unreserved characters kept);
// pairs whose value is empty are left out.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);
std::string PercentEncode(const std::string& text);

// True when `text` can be placed in a URL path as one segment unchanged: non-empty, made of
// letters, digits, '-', '_' and '.', and not "." or "..". Board tokens and company sites are.
bool IsPathSegment(const std::string& text);

// The part of a URL that may be shown: everything before '?'.
std::string ShowableUrl(const std::string& url);

}  // namespace jobrec::ingest
