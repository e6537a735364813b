// Postings as the store writes and reads them (sql/migrations/0011_postings.sql): plain value
// types, so store/ needs nothing from ingest/. ingest/posting_record.h maps an ingest::Posting
// to a PostingRow; api/posting_json.h maps a StoredPosting to the API's JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jobrec::store {

using Timestamp = std::chrono::sys_seconds;

struct SalaryRow {
  std::optional<double> min;
  std::optional<double> max;
  std::string currency;         // ISO 4217 or ""
  std::string period = "year";  // "year" | "month" | "week" | "day" | "hour"
  std::optional<double> annual_min;
  std::optional<double> annual_max;
};

// What dedupe compares, as stored beside each posting (ingest/dedupe.h: DedupeSignature).
struct DedupeFields {
  std::string key;             // "title|company|yyyy-mm"
  int64_t simhash = 0;         // the 64-bit fingerprint, bit-cast
  std::vector<int32_t> bands;  // the fingerprint's tagged bands (SimHashBands)
  std::string url;             // canonical url, "" when none
  std::string title;           // normalised
  std::string company;         // normalised
  std::string seniority;
  std::string city;  // lower-cased
  // Country and remote are the posting's own columns.
};

// One posting to write. Required: provider, external_id, title (the table's checks).
struct PostingRow {
  std::string provider;
  std::string external_id;
  std::string url;
  std::string title;
  std::string company;
  std::string location_text;
  std::string city;
  std::string region;
  std::string country;
  std::string remote = "unknown";  // "unknown" | "onsite" | "hybrid" | "remote"
  std::optional<SalaryRow> salary;
  std::string employment_type;  // "" or one of the five names
  std::string description;
  std::optional<Timestamp> posted_at;
  std::optional<Timestamp> expires_at;
  nlohmann::json labels = nlohmann::json::object();
  std::string raw_json = "{}";  // the provider's item, JSON text (stored as json)
  DedupeFields dedupe;
};

// Where else a clustered job was seen: the canonical posting and its duplicates.
struct PostingSourceLink {
  int64_t id = 0;
  std::string provider;
  std::string url;
  std::string status;
};

// One posting as read back.
struct StoredPosting {
  int64_t id = 0;
  std::string provider;
  std::string external_id;
  std::string url;
  std::string title;
  std::string company;
  std::string location_text;
  std::string city;
  std::string region;
  std::string country;
  std::string remote;
  std::optional<SalaryRow> salary;
  std::string employment_type;
  std::string description;
  std::optional<Timestamp> posted_at;
  std::optional<Timestamp> expires_at;
  std::string status;  // "active" | "expired"
  nlohmann::json labels = nlohmann::json::object();
  std::optional<int64_t> canonical_id;  // set when it is a duplicate of another posting
};

}  // namespace jobrec::store
