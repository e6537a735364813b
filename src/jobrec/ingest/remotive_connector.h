// Remotive remote jobs API (https://github.com/remotive-com/remote-jobs-api):
//   GET {base}/api/remote-jobs?category=&company_name=&search=&limit=
// All matching jobs come in one answer (no paging), so every FetchPage is the last page.
// Remotive asks for at most a few requests a day and blocks more than 2 a minute; the default
// minimum interval (30 s) keeps a misconfigured schedule from being blocked. An incremental
// sync keeps only jobs published after the newest publication_date of the previous sync.
//
// Mapping: id, url, title, company_name; every job is remote; candidate_required_location ->
// location (the region a candidate must live in: "Worldwide", "USA Only", "Europe");
// job_type -> employment_type; salary (free text, usually yearly USD) -> salary when it
// parses; publication_date -> posted_at; description (HTML) -> description; category and
// tags -> labels.
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

struct RemotiveOptions {
  ProviderHttpOptions http{.base_url = "https://remotive.com",
                           .min_interval = std::chrono::milliseconds(30'000)};
  std::string category;  // a category slug, e.g. "software-dev"
  std::string company_name;
  std::string search;
  int limit = 0;  // 0: no limit
};

class RemotiveConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming limit when it is negative.
  static absl::StatusOr<std::unique_ptr<RemotiveConnector>> Create(
      RemotiveOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  RemotiveConnector(RemotiveOptions options, std::shared_ptr<common::HttpClient> http);

  RemotiveOptions options_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
