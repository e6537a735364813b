// A Connector that reads schema.org JobPosting JSON-LD from a configured list of web pages
// (company career pages, single job pages), through common::HttpClient.
//
// Each FetchPage fetches up to `pages_per_fetch` URLs in list order. The cursor is
// {"next": <index of the next URL>}; a full list ends with `last`. A URL answering with a
// non-2xx status, or a page whose JSON-LD does not map, gives Rejections (located by URL);
// a URL that cannot be reached at all (the HTTP client's Unavailable / DeadlineExceeded after
// its retries) fails the whole FetchPage so the sync retries from the same cursor later.
//
// Thread-safety: one instance is used by one sync at a time (see connector.h); the
// HttpClient is shared.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobrec/common/http_client.h"
#include "jobrec/ingest/connector.h"

namespace jobrec::ingest {

struct JsonLdConnectorOptions {
  std::vector<std::string> urls;  // http(s) pages, at least one
  std::string provider = "jsonld";
  size_t pages_per_fetch = 10;  // 1..1000
  std::chrono::milliseconds timeout{30'000};
};

class JsonLdConnector : public Connector {
 public:
  // Errors: InvalidArgument naming the option (no urls, a url that is not http(s), a bad
  // pages_per_fetch, no http client).
  static absl::StatusOr<std::unique_ptr<JsonLdConnector>> Create(
      JsonLdConnectorOptions options, std::shared_ptr<common::HttpClient> http);

  // Errors: InvalidArgument for a malformed cursor; the HTTP client's Unavailable /
  // DeadlineExceeded / Cancelled when a page cannot be fetched.
  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  JsonLdConnector(JsonLdConnectorOptions options, std::shared_ptr<common::HttpClient> http);

  JsonLdConnectorOptions options_;
  std::shared_ptr<common::HttpClient> http_;
};

// From connector parameters {"urls": [...], "provider", "pages_per_fetch", "timeout_ms"}.
absl::StatusOr<std::unique_ptr<Connector>> NewJsonLdConnector(
    const nlohmann::json& params, std::shared_ptr<common::HttpClient> http);

}  // namespace jobrec::ingest
