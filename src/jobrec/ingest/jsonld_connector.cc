#include "jobrec/ingest/jsonld_connector.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/jsonld.h"

namespace jobrec::ingest {

absl::StatusOr<std::unique_ptr<JsonLdConnector>> JsonLdConnector::Create(
    JsonLdConnectorOptions options, std::shared_ptr<common::HttpClient> http) {
  if (http == nullptr) return common::InvalidField("http", "is required");
  if (options.urls.empty()) return common::InvalidField("urls", "needs at least one url");
  for (size_t i = 0; i < options.urls.size(); ++i) {
    const std::string& url = options.urls[i];
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return common::InvalidField(absl::StrCat("urls[", i, "]"), "is not an http(s) url");
    }
  }
  if (options.pages_per_fetch < 1 || options.pages_per_fetch > 1000) {
    return common::InvalidField("pages_per_fetch", "must be between 1 and 1000");
  }
  if (options.provider.empty()) return common::InvalidField("provider", "is empty");
  return std::unique_ptr<JsonLdConnector>(new JsonLdConnector(std::move(options), std::move(http)));
}

JsonLdConnector::JsonLdConnector(JsonLdConnectorOptions options,
                                 std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)), http_(std::move(http)) {}

absl::StatusOr<Page> JsonLdConnector::FetchPage(const nlohmann::json& cursor) {
  size_t next = 0;
  if (!cursor.is_null()) {
    const auto it = cursor.is_object() ? cursor.find("next") : cursor.end();
    if (it == cursor.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
      return absl::InvalidArgumentError("jsonld cursor must be {\"next\": <url index>}");
    }
    next = it->get<size_t>();
  }
  Page page;
  const size_t end = std::min(options_.urls.size(), next + options_.pages_per_fetch);
  for (size_t i = next; i < end; ++i) {
    const std::string& url = options_.urls[i];
    common::HttpRequest request;
    request.url = url;
    request.timeout = options_.timeout;
    request.headers = {{"Accept", "text/html,application/xhtml+xml"}};
    JOBREC_ASSIGN_OR_RETURN(common::HttpResponse response, http_->Send(request));
    if (response.status < 200 || response.status > 299) {
      page.rejected.push_back({url, absl::StrCat("HTTP ", response.status)});
      continue;
    }
    JsonLdPage found = JobPostingsFromHtml(response.body, url, options_.provider);
    if (found.postings.empty() && found.rejected.empty()) {
      page.rejected.push_back({url, "no schema.org JobPosting on the page"});
    }
    for (auto& p : found.postings) page.postings.push_back(std::move(p));
    for (auto& r : found.rejected) page.rejected.push_back(std::move(r));
  }
  page.last = end >= options_.urls.size();
  page.next_cursor = {{"next", end}};
  log::Info("connector_page", {{"provider", options_.provider},
                               {"postings", page.postings.size()},
                               {"rejected", page.rejected.size()},
                               {"next", end}});
  return page;
}

absl::StatusOr<std::unique_ptr<Connector>> NewJsonLdConnector(
    const nlohmann::json& params, std::shared_ptr<common::HttpClient> http) {
  if (!params.is_object()) return absl::InvalidArgumentError("parameters must be an object");
  JsonLdConnectorOptions options;
  for (const auto& [key, value] : params.items()) {
    if (key == "urls") {
      if (!value.is_array()) return common::InvalidField(key, "must be an array of strings");
      for (const auto& url : value) {
        if (!url.is_string()) return common::InvalidField(key, "must be an array of strings");
        options.urls.push_back(url.get<std::string>());
      }
    } else if (key == "provider") {
      if (!value.is_string()) return common::InvalidField(key, "must be a string");
      options.provider = value.get<std::string>();
    } else if (key == "pages_per_fetch" || key == "timeout_ms") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1) {
        return common::InvalidField(key, "must be a positive integer");
      }
      if (key == "timeout_ms") {
        options.timeout = std::chrono::milliseconds(value.get<int64_t>());
      } else {
        options.pages_per_fetch = value.get<size_t>();
      }
    } else {
      return common::InvalidField(key, "is not a parameter of the jsonld connector");
    }
  }
  JOBREC_ASSIGN_OR_RETURN(auto connector,
                          JsonLdConnector::Create(std::move(options), std::move(http)));
  return std::unique_ptr<Connector>(std::move(connector));
}

}  // namespace jobrec::ingest
