#include "jobrec/ingest/arbeitnow_connector.h"

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/json_fields.h"
#include "jobrec/ingest/normalize.h"
#include "jobrec/ingest/page_builder.h"

namespace jobrec::ingest {
namespace {

constexpr char kProvider[] = "arbeitnow";

RemoteMode MapRemote(const nlohmann::json& item, const Location& location) {
  RemoteMode from_tags = RemoteMode::kUnknown;
  for (const auto& tag : StringsAt(item, {"tags"})) {
    from_tags = FirstKnownRemoteMode({from_tags, DetectRemoteMode(tag)});
  }
  return FirstKnownRemoteMode(
      {RemoteModeFromFlag(FlagAt(item, {"remote"})), DetectRemoteMode(location.text), from_tags});
}

absl::StatusOr<Posting> MapItem(const nlohmann::json& item) {
  JOBREC_RETURN_IF_ERROR(RequireObject(item));
  Posting posting{.provider = kProvider};
  posting.external_id = IdAt(item, {"slug"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.external_id, "slug"));
  posting.title = StringAt(item, {"title"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.title, "title"));
  posting.url = StringAt(item, {"url"});
  JOBREC_RETURN_IF_ERROR(RequireField(posting.url, "url"));
  posting.company = StringAt(item, {"company_name"});
  posting.location = ParseLocation(StringAt(item, {"location"}));
  posting.remote = MapRemote(item, posting.location);
  const std::vector<std::string> job_types = StringsAt(item, {"job_types"});
  if (auto type = NormalizeEmploymentType(job_types); type.ok()) posting.employment_type = *type;
  posting.posted_at = TimeAt(item, {"created_at"});
  posting.description = DescriptionToText(StringAt(item, {"description"}));
  if (auto tags = StringsAt(item, {"tags"}); !tags.empty()) posting.labels["tags"] = tags;
  if (!job_types.empty()) posting.labels["job_types"] = job_types;
  posting.raw_json = RawJson(item);
  return posting;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ArbeitnowConnector>> ArbeitnowConnector::Create(
    ArbeitnowOptions options, std::shared_ptr<common::HttpClient> http) {
  if (options.max_pages < 1)
    return common::InvalidField("max_pages", "max_pages must be at least 1");
  return std::unique_ptr<ArbeitnowConnector>(
      new ArbeitnowConnector(std::move(options), std::move(http)));
}

ArbeitnowConnector::ArbeitnowConnector(ArbeitnowOptions options,
                                       std::shared_ptr<common::HttpClient> http)
    : options_(std::move(options)), client_(kProvider, std::move(http), options_.http) {}

absl::StatusOr<Page> ArbeitnowConnector::FetchPage(const nlohmann::json& saved) {
  JOBREC_ASSIGN_OR_RETURN(SyncCursor parsed, SyncCursor::Parse(saved));
  SyncCursor cursor = parsed.Resume(1, parsed.since);
  const int64_t page_number = std::max<int64_t>(*cursor.next, 1);
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json answer,
                          client_.GetJson(absl::StrCat(options_.http.base_url,
                                                       "/api/job-board-api?page=", page_number)));
  const nlohmann::json* data = ArrayAt(answer, {"data"});
  if (data == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(kProvider, ": page ", page_number, " has no \"data\" array"));
  }
  PageBuilder builder(kProvider, page_number);
  bool reached_old = false;
  for (size_t i = 0; i < data->size(); ++i) {
    if (cursor.IsOld(TimeAt((*data)[i], {"created_at"}))) {
      reached_old = true;
      builder.Skip();
      continue;
    }
    builder.Add(i, MapItem((*data)[i]));
  }
  const bool has_next = !StringAt(answer, {"links", "next"}).empty();
  const bool last = !has_next || data->empty() || reached_old || page_number >= options_.max_pages;
  return builder.Finish(cursor.After(last, page_number + 1), last);
}

}  // namespace jobrec::ingest
