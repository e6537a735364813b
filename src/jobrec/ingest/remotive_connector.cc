#include "jobrec/ingest/remotive_connector.h"

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "remotive";

// Remotive writes the region a candidate must live in, often as "USA Only" / "UK Only".
Location MapLocation(const std::string& text) {
  constexpr std::string_view kOnly = " only";
  std::string place = text;
  if (place.size() > kOnly.size() &&
      AsciiLower(place.substr(place.size() - kOnly.size())) == kOnly) {
    place.resize(place.size() - kOnly.size());
  }
  Location location = ParseLocation(place);
  location.text = text;
  return location;
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  Posting posting{.provider = kProvider, .remote = RemoteMode::kRemote};
  posting.external_id = IdAt(item, {"id"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "id"));
  posting.title = StringAt(item, {"title"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "title"));
  posting.url = StringAt(item, {"url"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "url"));
  posting.company = StringAt(item, {"company_name"});
  posting.location = MapLocation(StringAt(item, {"candidate_required_location"}));
  if (auto type = NormalizeEmploymentType(StringAt(item, {"job_type"})); type.ok()) {
    posting.employment_type = *type;
  }
  // The API documents salary as "usually a yearly salary range, in USD".
  if (auto salary =
          ParseSalaryText(StringAt(item, {"salary"}), {.currency = "USD", .period = "year"});
      salary.ok()) {
    posting.salary = *salary;
  }
  posting.posted_at = TimeAt(item, {"publication_date"});
  posting.description = DescriptionToText(StringAt(item, {"description"}));
  if (auto category = StringAt(item, {"category"}); !category.empty()) {
    posting.labels["category"] = category;
  }
  if (auto tags = StringsAt(item, {"tags"}); !tags.empty()) posting.labels["tags"] = tags;
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RemotiveConnector>> RemotiveConnector::Create(
    RemotiveOptions options, std::shared_ptr<common::HttpClient> http) {
  if (options.limit < 0) return common::InvalidField("limit", "limit must not be negative");
  return std::unique_ptr<RemotiveConnector>(
      new RemotiveConnector(std::move(options), std::move(http)));
}

RemotiveConnector::RemotiveConnector(RemotiveOptions options,
                                     std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)), client_(kProvider, std::move(http), options_.http) {}

absl::StatusOr<Page> RemotiveConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  SyncCursor cursor = parsed.Resume(1, parsed.since);
  const std::string url = absl::StrCat(
      options_.http.base_url, "/api/remote-jobs?",
      QueryString({{"category", options_.category},
                   {"company_name", options_.company_name},
                   {"search", options_.search},
                   {"limit", options_.limit > 0 ? std::to_string(options_.limit) : ""}}));
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer, client_.GetJson(url));
  const nlohmann::json* jobs = ArrayAt(answer, {"jobs"});
  if (jobs == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(kProvider, ": answer has no \"jobs\" array"));
  }
  PageBuilder builder(kProvider, 1);
  for (size_t i = 0; i < jobs->size(); ++i) {
    if (cursor.IsOld(TimeAt((*jobs)[i], {"publication_date"}))) {
      builder.Skip();
      continue;
    }
    builder.Add(i, MapItem((*jobs)[i]));
  }
  return builder.Finish(cursor.After(/*last=*/true, 0), /*last=*/true);
}

}  // namespace jobrec::ingest
