#include "jobrec/ingest/greenhouse_connector.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "greenhouse";

// The "name" of each object of the array at `key`.
std::vector<std::string> Names(const nlohmann::json& item, const char* key) {
  std::vector<std::string> names;
  if (const nlohmann::json* array = ArrayAt(item, {key})) {
    for (const auto& element : *array) {
      if (auto name = StringAt(element, {"name"}); !name.empty()) names.push_back(name);
    }
  }
  return names;
}

// Custom fields the employer exposed: [{"name", "value", "value_type"}]. Fills labels, and the
// salary and employment type when a field carries them.
void MapMetadata(const nlohmann::json& item, Posting& posting) {
  const nlohmann::json* metadata = ArrayAt(item, {"metadata"});
  if (metadata == nullptr) return;
  for (const auto& field : *metadata) {
    const std::string name = StringAt(field, {"name"});
    const nlohmann::json* value = FindPath(field, {"value"});
    if (name.empty() || value == nullptr || value->is_null()) continue;
    posting.labels["metadata"][name] = *value;
    if (StringAt(field, {"value_type"}) == "currency_range" && !posting.salary) {
      auto salary = MakeSalary(NumberAt(*value, {"min_value"}), NumberAt(*value, {"max_value"}),
                               StringAt(*value, {"unit"}), "year");
      if (salary.ok()) posting.salary = *salary;
    }
    const std::string lower = absl::AsciiStrToLower(name);
    if (posting.employment_type.empty() && value->is_string() &&
        (lower.find("employment") != std::string::npos ||
         lower.find("job type") != std::string::npos)) {
      if (auto type = NormalizeEmploymentType(value->get<std::string>()); type.ok()) {
        posting.employment_type = *type;
      }
    }
  }
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item, const std::string& company) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  Posting posting{.provider = kProvider};
  posting.external_id = IdAt(item, {"id"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "id"));
  posting.title = StringAt(item, {"title"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "title"));
  posting.url = StringAt(item, {"absolute_url"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "absolute_url"));
  posting.company = StringAt(item, {"company_name"});
  if (posting.company.empty()) posting.company = company;
  posting.location = ParseLocation(StringAt(item, {"location", "name"}));
  const std::vector<std::string> offices = Names(item, "offices");
  const std::vector<std::string> departments = Names(item, "departments");
  posting.remote = FirstKnownRemoteMode({DetectRemoteMode(posting.location.text),
                                         DetectRemoteMode(offices.empty() ? "" : offices.front()),
                                         DetectRemoteMode(posting.title)});
  posting.description = DescriptionToText(StringAt(item, {"content"}));
  posting.posted_at = TimeAt(item, {"first_published"});
  if (!posting.posted_at) posting.posted_at = TimeAt(item, {"updated_at"});
  if (!offices.empty()) posting.labels["offices"] = offices;
  if (!departments.empty()) posting.labels["departments"] = departments;
  if (auto requisition = IdAt(item, {"requisition_id"}); !requisition.empty()) {
    posting.labels["requisition_id"] = requisition;
  }
  if (auto internal = IdAt(item, {"internal_job_id"}); !internal.empty()) {
    posting.labels["internal_job_id"] = internal;
  }
  MapMetadata(item, posting);
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<GreenhouseConnector>> GreenhouseConnector::Create(
    GreenhouseOptions options, std::shared_ptr<common::HttpClient> http) {
  if (!IsPathSegment(options.board_token)) {
    return common::InvalidField("board_token", "board_token must be a board name like \"acme\"");
  }
  if (options.company.empty()) options.company = options.board_token;
  return std::unique_ptr<GreenhouseConnector>(
      new GreenhouseConnector(std::move(options), std::move(http)));
}

GreenhouseConnector::GreenhouseConnector(GreenhouseOptions options,
                                         std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)), client_(kProvider, std::move(http), options_.http) {}

absl::StatusOr<Page> GreenhouseConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  SyncCursor cursor = parsed.Resume(1, parsed.since);
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer, client_.GetJson(absl::StrCat(
                                                     options_.http.base_url, "/v1/boards/",
                                                     options_.board_token, "/jobs?content=true")));
  const nlohmann::json* jobs = ArrayAt(answer, {"jobs"});
  if (jobs == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(kProvider, ": board '", options_.board_token,
                                                   "' answered without a \"jobs\" array"));
  }
  PageBuilder builder(kProvider, 1);
  for (size_t i = 0; i < jobs->size(); ++i) {
    const nlohmann::json& item = (*jobs)[i];
    if (cursor.IsOld(TimeAt(item, {"updated_at"}))) {
      builder.Skip();
      continue;
    }
    builder.Add(i, MapItem(item, options_.company));
  }
  return builder.Finish(cursor.After(/*last=*/true, 0), /*last=*/true);
}

}  // namespace jobrec::ingest
