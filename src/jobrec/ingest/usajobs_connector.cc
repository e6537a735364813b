#include "jobrec/ingest/usajobs_connector.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "usajobs";
constexpr int kMaxDatePosted = 60;  // the API's limit for DatePosted

// The "Name" of each element of an array of {Code, Name} objects.
std::vector<std::string> Names(const nlohmann::json& descriptor, const char* key) {
  std::vector<std::string> names;
  if (const nlohmann::json* array = ArrayAt(descriptor, {key})) {
    for (const auto& element : *array) {
      if (std::string name = StringAt(element, {"Name"}); !name.empty()) names.push_back(name);
    }
  }
  return names;
}

Location MapLocation(const nlohmann::json& descriptor, nlohmann::json& labels) {
  const nlohmann::json* locations = ArrayAt(descriptor, {"PositionLocation"});
  std::string display = StringAt(descriptor, {"PositionLocationDisplay"});
  if (locations == nullptr || locations->empty()) return ParseLocation(display);
  const nlohmann::json& first = (*locations)[0];
  // CityName repeats the state: "Washington DC, District of Columbia".
  std::string city = StringAt(first, {"CityName"});
  city = city.substr(0, city.find(','));
  if (locations->size() > 1) {
    for (const auto& location : *locations) {
      labels["locations"].push_back(StringAt(location, {"LocationName"}));
    }
  }
  if (display.empty()) display = StringAt(first, {"LocationName"});
  return MakeLocation(city, StringAt(first, {"CountrySubDivisionCode"}),
                      StringAt(first, {"CountryCode"}), display);
}

// USAJobs rate interval codes; the older API spelled them out ("Per Year").
std::optional<Salary> MapSalary(const nlohmann::json& descriptor) {
  const nlohmann::json* pay = ArrayAt(descriptor, {"PositionRemuneration"});
  if (pay == nullptr || pay->empty()) return std::nullopt;
  const nlohmann::json& first = (*pay)[0];
  std::optional<double> min = NumberAt(first, {"MinimumRange"});
  std::optional<double> max = NumberAt(first, {"MaximumRange"});
  const std::string code = StringAt(first, {"RateIntervalCode"});
  std::string period;
  if (code == "PA")
    period = "year";
  else if (code == "PM")
    period = "month";
  else if (code == "PD")
    period = "day";
  else if (code == "PH")
    period = "hour";
  else if (code == "BW") {
    // Bi-weekly pay: 26 pay periods a year.
    if (min) *min *= 26;
    if (max) *max *= 26;
    period = "year";
  } else if (code.size() > 2) {
    auto spelled = NormalizePeriod(code);
    if (!spelled.ok()) return std::nullopt;
    period = *spelled;
  } else {
    return std::nullopt;  // WC (without compensation), PW (piece work), FB (fee basis) …
  }
  auto salary = MakeSalary(min, max, "USD", period);
  if (!salary.ok()) return std::nullopt;
  return *salary;
}

std::string MapEmploymentType(const nlohmann::json& descriptor) {
  const std::vector<std::string> offerings = Names(descriptor, "PositionOfferingType");
  std::vector<std::string> candidates;
  // A temporary appointment or an internship says more than "Full-time".
  for (const auto& offering : offerings) {
    auto type = NormalizeEmploymentType(offering);
    if (type.ok() && *type != "full_time" && *type != "part_time") candidates.push_back(offering);
  }
  for (auto& schedule : Names(descriptor, "PositionSchedule")) candidates.push_back(schedule);
  candidates.insert(candidates.end(), offerings.begin(), offerings.end());
  for (const auto& candidate : candidates) {
    if (auto type = NormalizeEmploymentType(candidate); type.ok()) return *type;
  }
  return "";
}

std::string MapDescription(const nlohmann::json& descriptor) {
  std::vector<std::string> parts;
  if (auto summary = DescriptionToText(StringAt(descriptor, {"UserArea", "Details", "JobSummary"}));
      !summary.empty()) {
    parts.push_back(summary);
  }
  std::vector<std::string> duties;
  for (const auto& duty : StringsAt(descriptor, {"UserArea", "Details", "MajorDuties"})) {
    if (auto text = DescriptionToText(duty); !text.empty()) duties.push_back("- " + text);
  }
  if (!duties.empty()) parts.push_back("Major duties\n" + absl::StrJoin(duties, "\n"));
  if (auto qualifications = DescriptionToText(StringAt(descriptor, {"QualificationSummary"}));
      !qualifications.empty()) {
    parts.push_back("Qualifications\n" + qualifications);
  }
  return absl::StrJoin(parts, "\n\n");
}

RemoteMode MapRemote(const nlohmann::json& descriptor, const Location& location) {
  const auto remote = FlagAt(descriptor, {"UserArea", "Details", "RemoteIndicator"});
  const auto telework = FlagAt(descriptor, {"UserArea", "Details", "TeleworkEligible"});
  return FirstKnownRemoteMode(
      {RemoteModeFromFlag(remote), DetectRemoteMode(location.text),
       telework.value_or(false) ? RemoteMode::kHybrid : RemoteMode::kUnknown});
}

nlohmann::json MapLabels(const nlohmann::json& descriptor) {
  nlohmann::json labels = nlohmann::json::object();
  auto put = [&labels](const char* label, const std::string& value) {
    if (!value.empty()) labels[label] = value;
  };
  put("announcement_number", StringAt(descriptor, {"PositionID"}));
  put("department", StringAt(descriptor, {"DepartmentName"}));
  put("who_may_apply", StringAt(descriptor, {"UserArea", "Details", "WhoMayApply", "Name"}));
  put("low_grade", StringAt(descriptor, {"UserArea", "Details", "LowGrade"}));
  put("high_grade", StringAt(descriptor, {"UserArea", "Details", "HighGrade"}));
  if (const nlohmann::json* grades = ArrayAt(descriptor, {"JobGrade"});
      grades && !grades->empty()) {
    put("pay_plan", StringAt((*grades)[0], {"Code"}));
  }
  if (const nlohmann::json* categories = ArrayAt(descriptor, {"JobCategory"})) {
    for (const auto& category : *categories) {
      if (auto code = StringAt(category, {"Code"}); !code.empty()) {
        labels["job_categories"].push_back(code);
      }
    }
  }
  return labels;
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  const nlohmann::json* found = FindPath(item, {"MatchedObjectDescriptor"});
  if (found == nullptr || !found->is_object()) {
    return absl::InvalidArgumentError("missing MatchedObjectDescriptor");
  }
  const nlohmann::json& descriptor = *found;
  Posting posting{.provider = kProvider};
  posting.external_id = IdAt(item, {"MatchedObjectId"});
  if (posting.external_id.empty()) posting.external_id = StringAt(descriptor, {"PositionID"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "MatchedObjectId"));
  posting.title = StringAt(descriptor, {"PositionTitle"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "PositionTitle"));
  posting.url = StringAt(descriptor, {"PositionURI"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "PositionURI"));
  posting.company = StringAt(descriptor, {"OrganizationName"});
  posting.labels = MapLabels(descriptor);
  posting.location = MapLocation(descriptor, posting.labels);
  posting.remote = MapRemote(descriptor, posting.location);
  posting.salary = MapSalary(descriptor);
  posting.employment_type = MapEmploymentType(descriptor);
  posting.description = MapDescription(descriptor);
  posting.posted_at = TimeAt(descriptor, {"PublicationStartDate"});
  posting.expires_at = TimeAt(descriptor, {"ApplicationCloseDate"});
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<UsajobsConnector>> UsajobsConnector::Create(
    UsajobsOptions options, std::shared_ptr<common::HttpClient> http) {
  if (options.api_key.empty()) return common::InvalidField("api_key", "api_key must not be empty");
  if (options.email.empty()) return common::InvalidField("email", "email must not be empty");
  if (options.results_per_page < 1 || options.results_per_page > 500) {
    return common::InvalidField("results_per_page", "results_per_page must be between 1 and 500");
  }
  if (options.max_pages < 1)
    return common::InvalidField("max_pages", "max_pages must be at least 1");
  return std::unique_ptr<UsajobsConnector>(
      new UsajobsConnector(std::move(options), std::move(http)));
}

UsajobsConnector::UsajobsConnector(UsajobsOptions options, std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)),
      client_(kProvider, std::move(http), options_.http, {options_.api_key}) {}

absl::StatusOr<Page> UsajobsConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  const SyncCursor cursor = parsed.Resume(1, options_.now());
  const int64_t page_number = std::max<int64_t>(*cursor.next, 1);
  const std::optional<int> days = cursor.DaysBack();
  const std::string url = absl::StrCat(
      options_.http.base_url, "/api/search?",
      QueryString({{"Keyword", options_.keyword},
                   {"LocationName", options_.location_name},
                   {"ResultsPerPage", std::to_string(options_.results_per_page)},
                   {"Page", std::to_string(page_number)},
                   {"DatePosted", days && *days <= kMaxDatePosted ? std::to_string(*days) : ""},
                   {"Fields", "Full"}}));
  // The documentation asks for Host explicitly; it is the base URL's host.
  std::string host = options_.http.base_url.substr(options_.http.base_url.find("://") + 3);
  host = host.substr(0, host.find('/'));
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer,
                          client_.GetJson(url, {{"Host", host},
                                                {"User-Agent", options_.email},
                                                {"Authorization-Key", options_.api_key}}));
  const nlohmann::json* items = ArrayAt(answer, {"SearchResult", "SearchResultItems"});
  if (items == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(kProvider, ": page ", page_number,
                                                   " has no SearchResult.SearchResultItems array"));
  }
  PageBuilder builder(kProvider, page_number);
  for (size_t i = 0; i < items->size(); ++i) builder.Add(i, MapItem((*items)[i]));
  const auto pages = NumberAt(answer, {"SearchResult", "UserArea", "NumberOfPages"});
  const bool last =
      items->empty() || page_number >= options_.max_pages ||
      (pages ? page_number >= *pages : static_cast<int>(items->size()) < options_.results_per_page);
  return builder.Finish(cursor.After(last, page_number + 1), last);
}

}  // namespace jobrec::ingest
