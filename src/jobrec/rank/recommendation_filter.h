// The filters a person may narrow their recommendations with, as GET /api/v1/recommendations
// and `jobrec recommend` both take them, turned into the index's SearchFilter in one place.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/index/posting_filter.h"
#include "jobrec/profile/profile.h"

namespace jobrec::rank {

struct RecommendationFilterRequest {
  std::optional<std::string> remote;   // onsite|hybrid|remote|any; unset: the profile's
  std::vector<std::string> locations;  // each "City, CC", "CC" or "City"; empty: anywhere
  std::optional<double> min_salary;    // annual amount >= 0
  std::optional<int> posted_within_days;  // 1..3650
};

// A location as the index filters it: "Berlin, DE" -> city + country; "DE" -> country;
// "Berlin" -> city anywhere. Errors: InvalidArgument naming "location" for an empty or
// over-long text, or a comma without a 2-letter country code after it.
absl::StatusOr<index::LocationFilter> ParseLocation(const std::string& text);

// The filter for `profile` narrowed by `request` (exclusions are the caller's to add).
// Errors: InvalidArgument naming the field (common::FieldOf): "remote", "location",
// "min_salary" or "posted_within_days".
absl::StatusOr<index::SearchFilter> RecommendationFilter(const profile::Profile& profile,
                                                         const RecommendationFilterRequest& request);

}  // namespace jobrec::rank
