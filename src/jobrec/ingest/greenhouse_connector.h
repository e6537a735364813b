// Greenhouse Job Board API (https://developers.greenhouse.io/job-board.html):
//   GET {base}/v1/boards/{board_token}/jobs?content=true
// The whole board comes in one answer, so every FetchPage is the last page. The API has no
// "changed since" parameter: an incremental sync fetches the board and keeps only the jobs
// whose updated_at is after the newest updated_at of the previous sync (the cursor's since).
//
// Mapping: id, title, absolute_url; company_name when the board sends it, else the configured
// company (default: the board token); location.name -> location (and remote/hybrid words in
// it, in office names or in the title -> remote); content (HTML escaped once more) ->
// description; first_published (else updated_at) -> posted_at; departments, offices,
// requisition_id, internal_job_id and metadata (name -> value) -> labels; a metadata value of
// type currency_range -> salary (per year); a metadata field named like "Employment Type" ->
// employment_type.
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

struct GreenhouseOptions {
  ProviderHttpOptions http{.base_url = "https://boards-api.greenhouse.io",
                           .min_interval = std::chrono::milliseconds(1'000)};
  std::string board_token;  // the company's board: boards.greenhouse.io/<token>
  std::string company;      // shown as the employer; default: board_token
};

class GreenhouseConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming board_token when it is empty or not a URL path segment.
  static absl::StatusOr<std::unique_ptr<GreenhouseConnector>> Create(
      GreenhouseOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  GreenhouseConnector(GreenhouseOptions options, std::shared_ptr<common::HttpClient> http);

  GreenhouseOptions options_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
