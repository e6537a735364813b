#include "jobrec/api/review_routes.h"

#include <unordered_map>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/feedback/rule_proposals.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

constexpr char kCursorVersion[] = "r1";

// The {id} of the path; NotFound unless it is a positive integer.
absl::StatusOr<int64_t> PostingIdOf(const Request& req) {
  const std::string& text = req.PathParam("id");
  int64_t id = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(text, &id) || id < 1) {
    return absl::NotFoundError("no job with this id");
  }
  return id;
}

size_t Utf8Length(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

absl::StatusOr<bool> OptionalBool(const json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return false;
  if (!body[field].is_boolean()) return common::InvalidField(field, "must be true or false");
  return body[field].get<bool>();
}

absl::StatusOr<store::ReviewInput> ParseReview(const json& body) {
  store::ReviewInput review;
  if (body.contains("score") && !body["score"].is_null()) {
    const json& score = body["score"];
    if (!score.is_number_integer() || score.get<int64_t>() < 1 || score.get<int64_t>() > 10) {
      return common::InvalidField("score", "must be a whole number from 1 to 10, or null");
    }
    review.score = score.get<int>();
  }
  if (body.contains("comment") && !body["comment"].is_null()) {
    if (!body["comment"].is_string()) return common::InvalidField("comment", "must be a string");
    review.comment = body["comment"].get<std::string>();
    if (Utf8Length(review.comment) > store::kMaxReviewComment) {
      return common::InvalidField("comment",
                                  absl::StrCat("must be at most ", store::kMaxReviewComment, " characters"));
    }
  }
  JOBREC_ASSIGN_OR_RETURN(review.applied, OptionalBool(body, "applied"));
  JOBREC_ASSIGN_OR_RETURN(review.not_interested, OptionalBool(body, "not_interested"));
  if (!review.score && !review.applied && !review.not_interested) {
    return common::InvalidField("score", "give a score from 1 to 10, or mark the job not interested or applied");
  }
  return review;
}

std::string MicrosJson(int64_t micros) {
  return TimestampJson(store::Timestamp(std::chrono::seconds(micros / 1000000)));
}

json ReviewItem(const store::StoredPosting& posting, const store::StoredReview& review) {
  json fields = {{"score", review.score ? json(*review.score) : json()},
                 {"comment", review.comment},
                 {"applied", review.applied},
                 {"not_interested", review.not_interested},
                 {"created_at", MicrosJson(review.created_at_micros)},
                 {"updated_at", MicrosJson(review.updated_at_micros)}};
  json item = fields;
  item["job"] = PostingJson(posting);
  item["review"] = std::move(fields);
  return item;
}

std::string EncodeCursor(const store::StoredReview& last) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kCursorVersion, ":", last.updated_at_micros, ":", last.posting_id));
}

absl::StatusOr<std::optional<store::ReviewPosition>> DecodeCursor(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  const absl::Status bad = common::InvalidField("cursor", "is not a next_cursor this API returned");
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(*text, &decoded)) return bad;
  const std::vector<std::string> parts = absl::StrSplit(decoded, ':');
  store::ReviewPosition position;
  if (parts.size() != 3 || parts[0] != kCursorVersion ||
      !absl::SimpleAtoi(parts[1], &position.updated_at_micros) ||
      !absl::SimpleAtoi(parts[2], &position.posting_id) || position.posting_id < 1) {
    return bad;
  }
  return position;
}

absl::StatusOr<Response> PutReview(store::Database& db, const ReviewChanged& on_change, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const int64_t posting_id, PostingIdOf(req));
  JOBREC_ASSIGN_OR_RETURN(const json body, req.JsonBody());
  JOBREC_ASSIGN_OR_RETURN(const store::ReviewInput input, ParseReview(body));
  JOBREC_ASSIGN_OR_RETURN(auto saved, store::ReviewRepo(db).Put(user_id, posting_id, input));
  if (!saved) return absl::NotFoundError("no job with this id");
  JOBREC_RETURN_IF_ERROR(feedback::RefreshRuleProposals(db, user_id));
  if (on_change) on_change(user_id);
  JOBREC_ASSIGN_OR_RETURN(auto posting, store::PostingReader(db).Get(user_id, posting_id));
  if (!posting) return absl::NotFoundError("no job with this id");
  return Response::Json(ReviewItem(posting->posting, *saved));
}

absl::StatusOr<Response> DeleteReview(store::Database& db, const ReviewChanged& on_change, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const int64_t posting_id, PostingIdOf(req));
  JOBREC_ASSIGN_OR_RETURN(const bool deleted, store::ReviewRepo(db).Delete(user_id, posting_id));
  if (!deleted) return absl::NotFoundError("you have no review of this job");
  JOBREC_RETURN_IF_ERROR(feedback::RefreshRuleProposals(db, user_id));
  if (on_change) on_change(user_id);
  return Response::Empty(204);
}

absl::StatusOr<Response> ListReviews(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const int64_t limit, req.QueryInt("limit", 20, 1, 100));
  JOBREC_ASSIGN_OR_RETURN(const auto after, DecodeCursor(req.Query("cursor")));
  // One more than asked tells whether another page follows.
  JOBREC_ASSIGN_OR_RETURN(auto reviews,
                          store::ReviewRepo(db).List(user_id, after, static_cast<int>(limit) + 1));
  const bool more = reviews.size() > static_cast<size_t>(limit);
  if (more) reviews.resize(static_cast<size_t>(limit));

  std::vector<int64_t> ids;
  for (const auto& review : reviews) ids.push_back(review.posting_id);
  store::PostingReader reader(db);
  JOBREC_ASSIGN_OR_RETURN(auto visible, reader.GetVisible(user_id, ids));
  std::unordered_map<int64_t, store::StoredPosting> postings;
  for (auto& posting : visible) postings.emplace(posting.id, std::move(posting));
  json items = json::array();
  for (const auto& review : reviews) {
    auto it = postings.find(review.posting_id);
    if (it == postings.end()) {  // expired or a duplicate since: still the user's review
      JOBREC_ASSIGN_OR_RETURN(auto detail, reader.Get(user_id, review.posting_id));
      if (!detail) continue;
      it = postings.emplace(review.posting_id, std::move(detail->posting)).first;
    }
    items.push_back(ReviewItem(it->second, review));
  }
  return Response::Json({{"items", std::move(items)},
                         {"next_cursor", more ? json(EncodeCursor(reviews.back())) : json()}});
}

}  // namespace

void AddReviewRoutes(Router& router, store::Database& db, ReviewChanged on_change) {
  router.Put("/api/v1/jobs/{id}/review",
             [&db, on_change](const Request& req) { return PutReview(db, on_change, req); },
             {.auth = AuthMode::kRequired});
  router.Delete("/api/v1/jobs/{id}/review",
                [&db, on_change](const Request& req) { return DeleteReview(db, on_change, req); },
                {.auth = AuthMode::kRequired});
  router.Get("/api/v1/reviews", [&db](const Request& req) { return ListReviews(db, req); },
             {.auth = AuthMode::kRequired});
}

}  // namespace jobrec::api
