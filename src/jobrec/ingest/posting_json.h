// Posting <-> our JSON schema, the format of data/demo/postings.jsonl.gz and of the JSONL
// file source:
//   {"provider", "external_id", "url", "title", "company",
//    "location": {"text", "city", "region", "country"}, "remote": "onsite|hybrid|remote",
//    "salary": {"min", "max", "currency", "period"} | null, "employment_type",
//    "description", "posted_at": "2026-10-14T09:00:00Z", "expires_at", "labels": {…}}
//
// Reading also tolerates the provider-ish variants that files exported from job boards use
// (Adzuna, Greenhouse, Lever, Remotive, schema.org-like keys): see PostingFromJson.
//
// Pure functions, thread-safe, never throw.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// Deepest nesting accepted in an input item: nlohmann::json serialises recursively, and
// absurd nesting would overflow the stack when the item is written back (RawJson).
inline constexpr int kMaxJsonDepth = 64;

// Our schema, without `raw`; absent optional values are omitted ("salary" is null).
nlohmann::json PostingToJson(const Posting& posting);

// Maps one JSON object. Recognised keys (first present wins):
//   provider (else `default_provider`); external_id | id | job_id | jobId | slug | uuid;
//   url | redirect_url | absolute_url | hostedUrl | applyUrl | job_url;
//   title | job_title | name | position | text;
//   company (string, or object with display_name | name) | company_name | companyName |
//     hiringOrganization.name;
//   location (object {text, city, region, country} | Adzuna {display_name, area[]} |
//     Greenhouse {name} | string) | candidate_required_location | city/region/country;
//   remote ("onsite|hybrid|remote" | bool | free text) | workplaceType | remote_type, and
//     else the location text;
//   salary (object {min, max, currency, period} | text) | salary_min/salary_max/
//     salary_currency/salary_period;
//   employment_type | employmentType | job_type | contract_time | commitment (string or array);
//   description | content | descriptionPlain | description_html (plain text in our schema,
//     i.e. when the item has "external_id"; otherwise HTML and entities are converted);
//   posted_at | date_posted | datePosted | created | created_at | createdAt |
//     publication_date; expires_at | valid_through | validThrough; labels (object).
// A `synthetic` list in the item (the demo corpus names its invented fields so) is copied to
// labels.synthetic. The result has been through FinalizePosting, with raw_json = RawJson(item).
// Errors: InvalidArgument with a reason when `item` is not an object, nests deeper than
// kMaxJsonDepth, a structured field has the wrong type or an unparseable value (a salary
// bound that is not a number, a date that does not parse), or FinalizePosting rejects it
// (no id, no title). A free-text salary that does not parse is dropped, not an error.
absl::StatusOr<Posting> PostingFromJson(const nlohmann::json& item, const std::string& default_provider);

// One JSON Lines line: parse (no exceptions) and PostingFromJson, with raw_json = the line as
// read (less a byte order mark and surrounding white space).
// Errors: InvalidArgument "invalid JSON: …" or PostingFromJson's errors.
absl::StatusOr<Posting> ParsePostingLine(const std::string& line,
                                         const std::string& default_provider);

// True when `value` nests deeper than `max_depth` (checked without recursion).
bool JsonNestingExceeds(const nlohmann::json& value, int max_depth);

}  // namespace jobrec::ingest
