// Arbeitnow job board API (free, no key; see testdata/arbeitnow/README.md for where the
// answer's shape comes from):
//   GET {base}/api/job-board-api?page=N
// Pages are numbered from 1; the sync follows pages while links.next is set (and stops at
// max_pages). An incremental sync keeps only jobs created after the newest created_at of the
// previous sync; as the board lists the newest jobs first, it also stops at the first page
// that reaches back to that time.
//
// Mapping: slug -> external_id, company_name, title, url; location (free text, mostly German
// cities) -> location; remote (bool), then remote words in the location or tags -> remote;
// job_types -> employment_type; created_at (epoch seconds) -> posted_at; description (HTML)
// -> description; tags and job_types -> labels.
//
// Thread-safety: see Connector.
#pragma once

#include <memory>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/provider_client.h"
#include "jobrec/ingest/sync_cursor.h"

namespace jobrec::ingest {

struct ArbeitnowOptions {
  // The API answers with x-ratelimit-limit: 50 (a minute).
  ProviderHttpOptions http{.base_url = "https://www.arbeitnow.com",
                           .min_interval = std::chrono::milliseconds(1'500)};
  int max_pages = 50;
};

class ArbeitnowConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming max_pages when it is below 1.
  static absl::StatusOr<std::unique_ptr<ArbeitnowConnector>> Create(
      ArbeitnowOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  ArbeitnowConnector(ArbeitnowOptions options, std::shared_ptr<common::HttpClient> http);

  ArbeitnowOptions options_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
