#include "jobrec/ingest/lever_connector.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "lever";

// salaryRange.interval: "per-year-salary", "per-month-salary", "per-week-salary",
// "per-day-wage", "per-hour-wage", "one-time".
std::optional<Salary> MapSalary(const nlohmann::json& item) {
  const nlohmann::json* range = FindPath(item, {"salaryRange"});
  if (range == nullptr || !range->is_object()) return std::nullopt;
  const std::string interval = StringAt(*range, {"interval"});
  std::string period;
  for (const char* unit : {"year", "month", "week", "day", "hour"}) {
    if (interval.find(unit) != std::string::npos) period = unit;
  }
  if (period.empty()) return std::nullopt;
  auto salary = MakeSalary(NumberAt(*range, {"min"}), NumberAt(*range, {"max"}),
                           StringAt(*range, {"currency"}), period);
  if (!salary.ok()) return std::nullopt;
  return *salary;
}

// Opening and body, then each list under its heading, then the closing part.
std::string MapDescription(const nlohmann::json& item) {
  std::vector<std::string> parts;
  auto add = [&parts](std::string text) {
    if (!text.empty()) parts.push_back(std::move(text));
  };
  std::string body = StringAt(item, {"description"});
  add(DescriptionToText(body.empty() ? StringAt(item, {"descriptionPlain"}) : body));
  if (const nlohmann::json* lists = ArrayAt(item, {"lists"})) {
    for (const auto& list : *lists) {
      std::vector<std::string> lines;
      if (auto heading = CleanLine(StringAt(list, {"text"})); !heading.empty()) {
        lines.push_back(heading);
      }
      if (auto entries = HtmlToText("<ul>" + StringAt(list, {"content"}) + "</ul>");
          !entries.empty()) {
        lines.push_back(entries);
      }
      add(absl::StrJoin(lines, "\n"));
    }
  }
  std::string closing = StringAt(item, {"additional"});
  add(DescriptionToText(closing.empty() ? StringAt(item, {"additionalPlain"}) : closing));
  return absl::StrJoin(parts, "\n\n");
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item, const std::string& company) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  Posting posting{.provider = kProvider};
  posting.external_id = IdAt(item, {"id"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "id"));
  posting.title = StringAt(item, {"text"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "text"));
  posting.url = StringAt(item, {"hostedUrl"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "hostedUrl"));
  posting.company = company;
  posting.location = ParseLocation(StringAt(item, {"categories", "location"}));
  if (auto country = CountryCode(StringAt(item, {"country"}))) posting.location.country = *country;
  posting.remote = FirstKnownRemoteMode({DetectRemoteMode(StringAt(item, {"workplaceType"})),
                                         DetectRemoteMode(posting.location.text),
                                         DetectRemoteMode(posting.title)});
  if (auto type = NormalizeEmploymentType(StringAt(item, {"categories", "commitment"}));
      type.ok()) {
    posting.employment_type = *type;
  }
  posting.salary = MapSalary(item);
  posting.description = MapDescription(item);
  posting.posted_at = TimeAt(item, {"createdAt"});
  auto put = [&posting](const char* label, const std::string& value) {
    if (!value.empty()) posting.labels[label] = value;
  };
  put("team", StringAt(item, {"categories", "team"}));
  put("department", StringAt(item, {"categories", "department"}));
  put("apply_url", StringAt(item, {"applyUrl"}));
  put("workplace_type", StringAt(item, {"workplaceType"}));
  if (auto all = StringsAt(item, {"categories", "allLocations"}); all.size() > 1) {
    posting.labels["all_locations"] = all;
  }
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LeverConnector>> LeverConnector::Create(
    LeverOptions options, std::shared_ptr<common::HttpClient> http) {
  if (!IsPathSegment(options.site)) {
    return common::InvalidField("site", "site must be a Lever site name like \"leverdemo\"");
  }
  if (options.limit < 1 || options.limit > 1000) {
    return common::InvalidField("limit", "limit must be between 1 and 1000");
  }
  if (options.max_pages < 1)
    return common::InvalidField("max_pages", "max_pages must be at least 1");
  if (options.company.empty()) options.company = options.site;
  return std::unique_ptr<LeverConnector>(new LeverConnector(std::move(options), std::move(http)));
}

LeverConnector::LeverConnector(LeverOptions options, std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)), client_(kProvider, std::move(http), options_.http) {}

absl::StatusOr<Page> LeverConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  SyncCursor cursor = parsed.Resume(0, parsed.since);
  const int64_t skip = *cursor.next;
  const int64_t page_number = skip / options_.limit + 1;
  const std::string url = absl::StrCat(options_.http.base_url, "/v0/postings/", options_.site, "?",
                                       QueryString({{"mode", "json"},
                                                    {"skip", std::to_string(skip)},
                                                    {"limit", std::to_string(options_.limit)},
                                                    {"team", options_.team},
                                                    {"department", options_.department},
                                                    {"location", options_.location},
                                                    {"commitment", options_.commitment}}));
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer, client_.GetJson(url));
  if (!answer.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(kProvider, ": site '", options_.site,
                                                   "' answered ", answer.type_name(),
                                                   " instead of an array of postings"));
  }
  PageBuilder builder(kProvider, page_number);
  for (size_t i = 0; i < answer.size(); ++i) {
    if (cursor.IsOld(TimeAt(answer[i], {"createdAt"}))) {
      builder.Skip();
      continue;
    }
    builder.Add(i, MapItem(answer[i], options_.company));
  }
  const bool last =
      static_cast<int64_t>(answer.size()) < options_.limit || page_number >= options_.max_pages;
  return builder.Finish(cursor.After(last, skip + options_.limit), last);
}

}  // namespace jobrec::ingest
