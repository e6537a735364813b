// Lenient readers for fields of a provider's JSON item. Providers are inconsistent about types
// (Adzuna sends ids as strings or numbers and salary_is_predicted as "0", 0 or false; USAJobs
// sends salaries as strings), so each reader accepts the spellings that mean the same thing and
// treats anything else as absent. None throws.
//
// Thread-safe (pure functions).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// The value at `path` (object keys, outermost first), or nullptr when a step is missing or
// not an object.
const nlohmann::json* FindPath(const nlohmann::json& value,
                               std::initializer_list<const char*> path);

// A string value; "" when absent, null or not a string.
std::string StringAt(const nlohmann::json& value, std::initializer_list<const char*> path);

// An identifier: a non-empty string, or an integer written in decimal; "" otherwise.
std::string IdAt(const nlohmann::json& value, std::initializer_list<const char*> path);

// A finite number, or a string holding one ("92166", "92,166.50", "$92,166"); nullopt otherwise.
std::optional<double> NumberAt(const nlohmann::json& value,
                               std::initializer_list<const char*> path);

// A boolean: true/false, 1/0, "1"/"0", "true"/"false" (any case); nullopt otherwise.
std::optional<bool> FlagAt(const nlohmann::json& value, std::initializer_list<const char*> path);

// The strings of an array at `path` (non-string elements skipped); empty when absent.
std::vector<std::string> StringsAt(const nlohmann::json& value,
                                   std::initializer_list<const char*> path);

// A timestamp: a string ParseTimestamp accepts, or epoch seconds / milliseconds as a number
// (see ParseTimestampJson); nullopt when absent or unparseable (an optional field that a
// provider got wrong is dropped, not fatal).
std::optional<TimePoint> TimeAt(const nlohmann::json& value,
                                std::initializer_list<const char*> path);

// The array at `path`, or nullptr when absent or not an array.
const nlohmann::json* ArrayAt(const nlohmann::json& value, std::initializer_list<const char*> path);

}  // namespace jobrec::ingest
