// The normalised job posting every provider connector produces and the store keeps.
// Plain value types: copyable, no invariants beyond the comments.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace jobrec::ingest {

using TimePoint = std::chrono::sys_seconds;

enum class RemoteMode { kUnknown, kOnsite, kHybrid, kRemote };
// "unknown" | "onsite" | "hybrid" | "remote".
const char* RemoteModeName(RemoteMode mode);
std::optional<RemoteMode> ParseRemoteMode(const std::string& text);

struct Location {
  std::string text;     // as the provider wrote it: "Lyon, Auvergne-Rhône-Alpes, France"
  std::string city;     // "" when unknown
  std::string region;
  std::string country;  // ISO 3166-1 alpha-2 ("FR") when known, else ""
};

struct Salary {
  std::optional<double> min;
  std::optional<double> max;
  std::string currency;        // ISO 4217 ("EUR"), "" when unknown
  std::string period = "year"; // "year" | "month" | "week" | "day" | "hour"
};

struct Posting {
  std::string provider;     // connector kind: "adzuna", "greenhouse", "demo", "file:<name>" …
  std::string external_id;  // unique within the provider
  std::string url;
  std::string title;
  std::string company;
  Location location;
  RemoteMode remote = RemoteMode::kUnknown;
  std::optional<Salary> salary;
  std::string employment_type;  // "full_time" | "part_time" | "contract" | "temporary" |
                                // "internship" | "" (unknown)
  std::string description;      // plain text; paragraphs and list items on their own lines
  std::optional<TimePoint> posted_at;
  std::optional<TimePoint> expires_at;
  nlohmann::json labels = nlohmann::json::object();  // {"onet_soc": "15-2051.00", "job_zone": 4}
  // The provider's item as JSON text: a JSON Lines item as it was read, others written back
  // from the parsed item (RawJson).
  std::string raw_json = "{}";
};

// `item` as JSON text for Posting::raw_json. Never throws: a string that is not UTF-8 gets
// U+FFFD for its bad bytes.
std::string RawJson(const nlohmann::json& item);

// Why one input item was not turned into a Posting. `where` locates it for a person:
// "line 17", "item 3 of page 2", "https://…/jobs/123".
struct Rejection {
  std::string where;
  std::string reason;
};

}  // namespace jobrec::ingest
