#include "jobrec/rank/recommendation_filter.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "jobrec/rank/fasttext_engine.h"

namespace jobrec::rank {
namespace {

constexpr int kMaxPostedWithinDays = 3650;

}  // namespace

absl::StatusOr<index::LocationFilter> ParseLocation(const std::string& text) {
  std::string value(absl::StripAsciiWhitespace(text));
  if (value.empty() || value.size() > 200) {
    return common::InvalidField("location", "must be \"City, CC\", \"CC\" or \"City\"");
  }
  const auto comma = value.rfind(',');
  const auto is_country = [](absl::string_view s) {
    return s.size() == 2 && absl::ascii_isalpha(s[0]) && absl::ascii_isalpha(s[1]);
  };
  if (comma == std::string::npos) {
    if (is_country(value)) return index::LocationFilter{.country = absl::AsciiStrToUpper(value)};
    return index::LocationFilter{.city = value};
  }
  const std::string city(absl::StripAsciiWhitespace(value.substr(0, comma)));
  const std::string country(absl::StripAsciiWhitespace(value.substr(comma + 1)));
  if (city.empty() || !is_country(country)) {
    return common::InvalidField("location",
                                "must be \"City, CC\" with a 2-letter country code, \"CC\" or \"City\"");
  }
  return index::LocationFilter{.country = absl::AsciiStrToUpper(country), .city = city};
}

absl::StatusOr<index::SearchFilter> RecommendationFilter(const profile::Profile& profile,
                                                         const RecommendationFilterRequest& request) {
  index::SearchFilter filter;
  const std::string remote = request.remote.value_or(profile.remote);
  if (request.remote && remote != "onsite" && remote != "hybrid" && remote != "remote" && remote != "any") {
    return common::InvalidField("remote", "must be onsite, hybrid, remote or any");
  }
  filter.remote_modes = index::AcceptedModes(RemotePreferenceOf(remote));
  for (const std::string& location : request.locations) {
    JOBREC_ASSIGN_OR_RETURN(auto parsed, ParseLocation(location));
    filter.locations.push_back(std::move(parsed));
  }
  if (request.min_salary) {
    if (!std::isfinite(*request.min_salary) || *request.min_salary < 0) {
      return common::InvalidField("min_salary", "must be an annual amount >= 0");
    }
    filter.min_salary = request.min_salary;
  }
  if (request.posted_within_days) {
    if (*request.posted_within_days < 1 || *request.posted_within_days > kMaxPostedWithinDays) {
      return common::InvalidField("posted_within_days", "must be between 1 and 3650");
    }
    filter.posted_within_days = request.posted_within_days;
  }
  return filter;
}

}  // namespace jobrec::rank
