// A posting as the API shows it, in one place: the jobs endpoints and the recommendations
// endpoint both answer with it.
//   {"id", "provider", "external_id", "url", "title", "company",
//    "location": {"text", "city", "region", "country"}, "remote", "salary": {"min", "max",
//    "currency", "period"} | null, "employment_type", "description", "posted_at", "expires_at",
//    "status", "labels": {…}}
// Unknown values are null ("" in the store): a location part, employment_type, url, a salary
// bound or currency, posted_at, expires_at. remote is "unknown" when unknown. Times are UTC,
// "2026-10-14T09:00:00Z". labels may hold "synthetic": the fields the demo corpus invented.
//
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "jobrec/store/posting_row.h"

namespace jobrec::api {

nlohmann::json PostingJson(const store::StoredPosting& posting);

// "2026-10-14T09:00:00Z".
std::string TimestampJson(store::Timestamp t);

}  // namespace jobrec::api
