#include "jobrec/api/jobs_routes.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/store/posting_reader.h"

namespace jobrec::api {
namespace {

constexpr size_t kMaxQueryLength = 500;
constexpr char kCursorVersion[] = "p1";

// The cursor is the last item's sort key, base64url("p1:<listed_at µs>:<id>").
std::string EncodeCursor(const store::PostingListPosition& position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kCursorVersion, ":", position.listed_at_micros, ":", position.id));
}

absl::StatusOr<std::optional<store::PostingListPosition>> DecodeCursor(
    const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  const absl::Status bad = common::InvalidField("cursor", "is not a next_cursor this API returned");
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(*text, &decoded)) return bad;
  const std::vector<std::string> parts = absl::StrSplit(decoded, ':');
  store::PostingListPosition position;
  if (parts.size() != 3 || parts[0] != kCursorVersion ||
      !absl::SimpleAtoi(parts[1], &position.listed_at_micros) || !absl::SimpleAtoi(parts[2], &position.id) ||
      position.id < 1) {
    return bad;
  }
  return position;
}

absl::StatusOr<Response> ListJobs(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  store::PostingListQuery query;
  JOBREC_ASSIGN_OR_RETURN(const int64_t limit, req.QueryInt("limit", 20, 1, 100));
  query.limit = static_cast<int>(limit);
  query.text = req.Query("q").value_or("");
  if (query.text.size() > kMaxQueryLength) {
    return common::InvalidField("q", absl::StrCat("must be at most ", kMaxQueryLength, " characters"));
  }
  JOBREC_ASSIGN_OR_RETURN(query.after, DecodeCursor(req.Query("cursor")));
  JOBREC_ASSIGN_OR_RETURN(store::PostingListPage page, store::PostingReader(db).List(user_id, query));
  nlohmann::json items = nlohmann::json::array();
  for (const store::StoredPosting& posting : page.items) items.push_back(PostingJson(posting));
  return Response::Json(
      {{"items", std::move(items)},
       {"total", page.total},
       {"next_cursor", page.next ? nlohmann::json(EncodeCursor(*page.next)) : nlohmann::json()}});
}

absl::StatusOr<Response> GetJob(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  int64_t id = 0;
  const std::string& text = req.PathParam("id");
  const bool numeric =
      text.find_first_not_of("0123456789") == std::string::npos && absl::SimpleAtoi(text, &id) && id > 0;
  std::optional<store::PostingDetail> detail;
  if (numeric) {
    JOBREC_ASSIGN_OR_RETURN(detail, store::PostingReader(db).Get(user_id, id));
  }
  if (!detail) return absl::NotFoundError("no job with this id");
  nlohmann::json body = PostingJson(detail->posting);
  body["duplicate_of"] =
      detail->posting.canonical_id ? nlohmann::json(*detail->posting.canonical_id) : nlohmann::json();
  body["sources"] = nlohmann::json::array();
  for (const store::PostingSourceLink& link : detail->sources) {
    body["sources"].push_back({{"provider", link.provider},
                               {"url", link.url.empty() ? nlohmann::json() : nlohmann::json(link.url)}});
  }
  return Response::Json(body);
}

}  // namespace

void AddJobsRoutes(Router& router, store::Database& db) {
  router.Get("/api/v1/jobs", [&db](const Request& req) { return ListJobs(db, req); },
             {.auth = AuthMode::kRequired});
  router.Get("/api/v1/jobs/{id}", [&db](const Request& req) { return GetJob(db, req); },
             {.auth = AuthMode::kRequired});
}

}  // namespace jobrec::api
