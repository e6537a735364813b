// Adzuna job search (https://developer.adzuna.com/docs/search):
//   GET {base}/v1/api/jobs/{country}/search/{page}?app_id=&app_key=&results_per_page=&what=
//       &what_or=&what_exclude=&where=&max_days_old=&sort_by=date&content-type=application/json
// Pages are numbered from 1; the sync stops at a page shorter than results_per_page, at the
// `count` of matching ads, or at max_pages. An incremental sync asks for max_days_old = the
// whole days since the previous sync started, plus one (overlap is harmless: the store
// deduplicates by id).
//
// Mapping: id, redirect_url, title, company.display_name; location from location.area
// (country, region, …, city) with display_name as the text; created -> posted_at; salary_min/
// max in the country's currency per year — unless salary_is_predicted, in which case Adzuna's
// estimate goes to labels.salary_estimate and `salary` stays empty (a guess is not an offer);
// contract_type / contract_time -> employment_type; category.label/tag, latitude/longitude and
// the contract fields -> labels; description is a snippet (HTML, often ending in "…").
//
// app_id and app_key travel in the query string; they never appear in a returned status or
// a log line.
//
// Thread-safety: see Connector.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/provider_client.h"
#include "jobrec/ingest/sync_cursor.h"

namespace jobrec::ingest {

struct AdzunaOptions {
  // Adzuna's free tier allows 25 requests a minute.
  ProviderHttpOptions http{.base_url = "https://api.adzuna.com",
                           .min_interval = std::chrono::milliseconds(2'500)};
  std::string country = "gb";  // one of Adzuna's markets: gb, us, de, fr, …
  std::string app_id;
  std::string app_key;
  std::string what, what_or, what_exclude, where;
  int results_per_page = 50;        // 1–50
  std::optional<int> max_days_old;  // bounds a full sync too
  int max_pages = 100;              // safety stop for one sync
  NowFunction now = SystemNow;
};

class AdzunaConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming the option (unknown country, empty app_id/app_key,
  // results_per_page or max_pages out of range).
  static absl::StatusOr<std::unique_ptr<AdzunaConnector>> Create(
      AdzunaOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  AdzunaConnector(AdzunaOptions options, std::shared_ptr<common::HttpClient> http);
  std::string PageUrl(int64_t page, const SyncCursor& cursor) const;

  AdzunaOptions options_;
  std::string currency_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
