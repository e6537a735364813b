// Lever Postings API (https://github.com/lever/postings-api):
//   GET {base}/v0/postings/{site}?mode=json&skip=&limit=[&team=&department=&location=
//       &commitment=]
// The answer is a bare JSON array; the sync pages with skip/limit until a page is shorter than
// `limit` (or max_pages). Postings carry no "updated" time and the API no "since" filter, so an
// incremental sync walks all pages and keeps only the postings whose createdAt is after the
// newest createdAt of the previous sync.
//
// Mapping: id, text -> title, hostedUrl -> url (applyUrl -> labels.apply_url); the configured
// company (default: the site name); categories.location -> location, with the ISO `country`
// when present (allLocations -> labels.all_locations); workplaceType (remote / hybrid /
// on-site) -> remote, else remote words in the location or title; categories.commitment ->
// employment_type; salaryRange {min, max, currency, interval} -> salary ("per-year-salary" ->
// year, "per-hour-wage" -> hour …; "one-time" is not a salary); description (else
// descriptionPlain), lists[] {text, content} and additional -> description; createdAt (epoch
// ms) -> posted_at; team, department -> labels.
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

struct LeverOptions {
  // The EU instance is https://api.eu.lever.co. Lever's robots.txt asks for 1 s between hits.
  ProviderHttpOptions http{.base_url = "https://api.lever.co",
                           .min_interval = std::chrono::milliseconds(1'000)};
  std::string site;                                    // jobs.lever.co/<site>
  std::string company;                                 // shown as the employer; default: site
  std::string team, department, location, commitment;  // optional server-side filters
  int limit = 100;                                     // postings per page, 1–1000
  int max_pages = 100;
};

class LeverConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming the option (site not a path segment, limit or max_pages
  // out of range).
  static absl::StatusOr<std::unique_ptr<LeverConnector>> Create(
      LeverOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  LeverConnector(LeverOptions options, std::shared_ptr<common::HttpClient> http);

  LeverOptions options_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
