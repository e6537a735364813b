// USAJOBS Search API (https://developer.usajobs.gov/api-reference/get-api-search):
//   GET {base}/api/search?Keyword=&LocationName=&ResultsPerPage=&Page=&DatePosted=&Fields=Full
//   headers Host: data.usajobs.gov, User-Agent: <registered email>, Authorization-Key: <key>
// Pages are numbered from 1; SearchResult.UserArea.NumberOfPages says how many there are
// (the sync also stops at an empty page or max_pages). An incremental sync sends DatePosted =
// the whole days since the previous sync started, plus one, when that is within the API's
// 60-day limit; beyond it the sync is a full one.
//
// Mapping (SearchResultItems[].MatchedObjectDescriptor): MatchedObjectId (the control number)
// -> external_id, PositionID -> labels.announcement_number; PositionTitle, PositionURI,
// OrganizationName (DepartmentName -> labels.department); the first PositionLocation ->
// location (all names -> labels.locations when there are several); PositionRemuneration[0]
// -> salary in USD with its RateIntervalCode (PA year, PM month, PD day, PH hour; BW is
// annualised x26; WC/PW mean no salary); PublicationStartDate -> posted_at,
// ApplicationCloseDate -> expires_at; PositionSchedule / PositionOfferingType ->
// employment_type; UserArea.Details JobSummary + MajorDuties + QualificationSummary ->
// description; RemoteIndicator -> remote, TeleworkEligible -> hybrid; JobCategory codes,
// grades and WhoMayApply -> labels.
//
// The Authorization-Key never appears in a returned status or a log line.
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

struct UsajobsOptions {
  ProviderHttpOptions http{.base_url = "https://data.usajobs.gov",
                           .min_interval = std::chrono::milliseconds(1'000)};
  std::string api_key;  // Authorization-Key
  std::string email;    // User-Agent: the address the key was registered with
  std::string keyword;
  std::string location_name;
  int results_per_page = 500;  // 1–500
  int max_pages = 100;
  NowFunction now = SystemNow;
};

class UsajobsConnector final : public Connector {
 public:
  // Errors: InvalidArgument naming the option (empty api_key or email, results_per_page or
  // max_pages out of range).
  static absl::StatusOr<std::unique_ptr<UsajobsConnector>> Create(
      UsajobsOptions options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  UsajobsConnector(UsajobsOptions options, std::shared_ptr<common::HttpClient> http);

  UsajobsOptions options_;
  ProviderClient client_;
};

}  // namespace jobrec::ingest
