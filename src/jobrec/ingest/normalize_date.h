// Timestamp parsing for provider dates. Everything becomes a UTC sys_seconds (TimePoint).
//
// Accepted:
//   ISO 8601 / RFC 3339: "2024-01-05", "2024-01-05T10:20:30Z", "2024-01-05T10:20:30.123+02:00",
//     "2024-01-05T10:20:30+0200", "2024-01-05 10:20:30", "2024-01-05T00:00:00.0000" (USAJobs);
//     a date-time without a zone is taken as UTC; a date alone is midnight UTC.
//   RFC 2822-ish: "Fri, 05 Jan 2024 10:20:30 +0000", "5 Jan 2024 10:20 GMT", weekday optional,
//     zones +hhmm, Z, UT, UTC, GMT and the US zones EST/EDT/CST/CDT/MST/MDT/PST/PDT.
//   Epoch: a string of 9–11 digits is seconds, 12–14 digits is milliseconds.
// Years outside 1970–2200 are rejected (they are always data errors here).
//
// Pure, thread-safe, never throws.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// Errors: InvalidArgument naming what did not parse ("2024-13-01": month out of range).
absl::StatusOr<TimePoint> ParseTimestamp(const std::string& text);

// Epoch seconds, or milliseconds when the value is ≥ 100,000,000,000 (that is after year 5138
// in seconds, so never a real second count). Errors: InvalidArgument outside 1970–2200.
absl::StatusOr<TimePoint> TimestampFromEpoch(int64_t value);

// A JSON string (ParseTimestamp) or integer/float number (TimestampFromEpoch).
// Errors: InvalidArgument for other JSON types.
absl::StatusOr<TimePoint> ParseTimestampJson(const nlohmann::json& value);

// "2024-01-05T10:20:30Z": the format we write.
std::string FormatTimestamp(TimePoint t);

}  // namespace jobrec::ingest
