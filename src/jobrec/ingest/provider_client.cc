#include "jobrec/ingest/provider_client.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "jobrec/common/log.h"

namespace jobrec::ingest {
namespace {

using Clock = std::chrono::steady_clock;

// A short, printable excerpt of a body, for messages about answers we could not use.
std::string Excerpt(const std::string& body) {
  constexpr size_t kMax = 80;
  std::string excerpt;
  for (char c : body.substr(0, kMax)) {
    excerpt += std::isprint(static_cast<unsigned char>(c)) ? c : ' ';
  }
  if (body.size() > kMax) excerpt += "…";
  return excerpt;
}

bool LooksLikeHtml(const common::HttpResponse& response) {
  if (response.Header("content-type").find("html") != std::string::npos) return true;
  const size_t start = response.body.find_first_not_of(" \t\r\n");
  return start != std::string::npos && response.body[start] == '<';
}

}  // namespace

ProviderClient::ProviderClient(std::string provider, std::shared_ptr<common::HttpClient> http,
                               ProviderHttpOptions options, std::vector<std::string> secrets,
                               ErrorClassifier classifier)
    : provider_(std::move(provider)),
      http_(std::move(http)),
      options_(std::move(options)),
      classifier_(std::move(classifier)) {
  for (auto& secret : secrets) {
    if (!secret.empty()) secrets_.push_back(std::move(secret));
  }
}

std::string ProviderClient::Redact(std::string text) const {
  for (const auto& secret : secrets_) {
    text = absl::StrReplaceAll(text, {{secret, "[redacted]"}});
    // A secret also travels percent-encoded in URLs.
    const std::string encoded = PercentEncode(secret);
    if (encoded != secret) text = absl::StrReplaceAll(text, {{encoded, "[redacted]"}});
  }
  return text;
}

void ProviderClient::WaitForTurn() {
  if (last_request_) {
    const auto turn = *last_request_ + options_.min_interval;
    if (turn > Clock::now()) std::this_thread::sleep_until(turn);
  }
  last_request_ = Clock::now();
}

absl::Status ProviderClient::Prefixed(const absl::Status& status) const {
  return absl::Status(status.code(), Redact(absl::StrCat(provider_, ": ", status.message())));
}

absl::Status ProviderClient::ErrorFor(const common::HttpResponse& response,
                                      const std::string& shown_url) const {
  const int code = response.status;
  const std::string what = absl::StrCat("GET ", shown_url, " answered HTTP ", code);
  if (classifier_) {
    if (auto classified = classifier_(code, response.body)) {
      return absl::Status(*classified, absl::StrCat(what, ": ", Excerpt(response.body)));
    }
  }
  if (code == 401) {
    return absl::UnauthenticatedError(absl::StrCat(what, ": credentials rejected"));
  }
  if (code == 403) {
    return absl::PermissionDeniedError(absl::StrCat(what, ": access refused"));
  }
  if (code == 404) return absl::NotFoundError(absl::StrCat(what, ": not found"));
  if (code == 429 || code >= 500) {
    return absl::UnavailableError(absl::StrCat(what, " after ", response.attempts, " attempt(s)"));
  }
  return absl::InvalidArgumentError(absl::StrCat(what, ": ", Excerpt(response.body)));
}

absl::StatusOr<nlohmann::json> ProviderClient::GetJson(const std::string& url,
                                                       const common::HttpHeaders& headers) {
  const std::string shown_url = ShowableUrl(url);
  WaitForTurn();
  const auto started = Clock::now();
  common::HttpHeaders all_headers = headers;
  all_headers.emplace_back("Accept", "application/json");
  auto response = http_->Send(common::HttpRequest{
      .method = "GET", .url = url, .headers = std::move(all_headers), .timeout = options_.timeout});
  const auto elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  if (!response.ok()) {
    log::Warn("provider_request_failed",
              {{"provider", provider_},
               {"url", shown_url},
               {"error", Redact(std::string(response.status().message()))},
               {"elapsed_ms", elapsed_ms}});
    return Prefixed(response.status());
  }
  log::Debug("provider_request", {{"provider", provider_},
                                  {"url", shown_url},
                                  {"status", response->status},
                                  {"attempts", response->attempts},
                                  {"elapsed_ms", elapsed_ms}});
  if (response->status < 200 || response->status > 299) {
    return Prefixed(ErrorFor(*response, shown_url));
  }
  nlohmann::json parsed =
      nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    const std::string kind = LooksLikeHtml(*response) ? "an HTML page" : "malformed JSON";
    return Prefixed(absl::InvalidArgumentError(absl::StrCat(
        "GET ", shown_url, " answered ", kind, " instead of JSON: ", Excerpt(response->body))));
  }
  return parsed;
}

std::string PercentEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return encoded;
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string query;
  for (const auto& [key, value] : params) {
    if (value.empty()) continue;
    if (!query.empty()) query += '&';
    absl::StrAppend(&query, PercentEncode(key), "=", PercentEncode(value));
  }
  return query;
}

bool IsPathSegment(const std::string& text) {
  if (text.empty() || text == "." || text == "..") return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

std::string ShowableUrl(const std::string& url) { return url.substr(0, url.find('?')); }

}  // namespace jobrec::ingest
