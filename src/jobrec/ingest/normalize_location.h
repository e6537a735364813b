// Location normalisation: free text ("San Francisco, CA", "Remote - US", "Berlin, Germany",
// "London, England, United Kingdom") or structured parts (Adzuna's area list, USAJobs'
// CityName/CountrySubDivisionCode/CountryCode) into Location{text, city, region, country}.
//
// Country is ISO 3166-1 alpha-2, from a compact built-in table of country names, common
// aliases ("USA", "UK", "Deutschland") and codes; US states and Canadian provinces are
// recognised by code and name and stored in `region` by their full name ("CA" -> "California"),
// which also implies the country. UK nations ("England", "Scotland", …) are regions of GB.
//
// Pure functions, thread-safe, never throw. Location parsing is a classifier, not a validator:
// it always returns a Location with `text` set; parts it cannot identify stay "" (the caller
// keeps the text), so there is no error case.
#pragma once

#include <optional>
#include <string>

#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// ISO-2 code for a country name, alias or ISO-2/ISO-3 code, case-insensitively; nullopt when
// the table does not know it.
std::optional<std::string> CountryCode(const std::string& name_or_code);

// Full name of a US state or Canadian province/territory given its postal code ("CA",
// "ON") together with its country ("US" / "CA"); nullopt when unknown.
struct RegionMatch {
  std::string name;     // "California"
  std::string country;  // "US"
};
// Matches a region code or name ("CA", "California", "Ont."): US states win over Canadian
// provinces for the two-letter codes, except when `country_hint` is "CA".
std::optional<RegionMatch> FindRegion(const std::string& code_or_name,
                                      const std::string& country_hint = "");

// Parses free text. Words that only describe the work mode ("Remote", "Hybrid", "Anywhere",
// "Work from home") are skipped here — use DetectRemoteMode on the same text for them.
// "Remote - US" -> {country "US"}; "San Francisco, CA" -> {city "San Francisco", region
// "California", country "US"}; "Paris" -> {city "Paris"} (no guess of a country).
Location ParseLocation(const std::string& text);

// Builds a Location from structured parts; each may be empty. `country` may be a code or a
// name; `region` a code or name (expanded for US/CA). `text` defaults to "city, region,
// country" from the non-empty inputs as given.
Location MakeLocation(const std::string& city, const std::string& region,
                      const std::string& country, const std::string& text = "");

}  // namespace jobrec::ingest
