#include "jobrec/store/review_repo.h"

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

constexpr char kColumns[] =
    "posting_id, score, comment, applied, not_interested, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, "
    "(extract(epoch FROM updated_at) * 1000000)::bigint";

StoredReview ReviewFromRow(const pqxx::row& r) {
  StoredReview review;
  review.posting_id = r[0].as<int64_t>();
  if (!r[1].is_null()) review.score = r[1].as<int>();
  review.comment = r[2].as<std::string>();
  review.applied = r[3].as<bool>();
  review.not_interested = r[4].as<bool>();
  review.created_at_micros = r[5].as<int64_t>();
  review.updated_at_micros = r[6].as<int64_t>();
  return review;
}

}  // namespace

absl::StatusOr<std::optional<StoredReview>> ReviewRepo::Put(int64_t user_id, int64_t posting_id,
                                                            const ReviewInput& review) {
  std::optional<StoredReview> saved;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "review_repo.Put"), [&](pqxx::work& tx) {
    // 0 stands for "no score" (NULL): the API validated the range.
    const auto rows = tx.exec_params(
        absl::StrCat("SELECT ", kColumns,
                     " FROM review_put($1, nullif($2::integer, 0)::smallint, $3, $4, $5)"),
        posting_id, review.score.value_or(0), review.comment, review.applied, review.not_interested);
    if (!rows.empty()) saved = ReviewFromRow(rows[0]);
    return absl::OkStatus();
  }));
  return saved;
}

absl::StatusOr<bool> ReviewRepo::Delete(int64_t user_id, int64_t posting_id) {
  bool deleted = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "review_repo.Delete"), [&](pqxx::work& tx) {
    deleted = tx.exec_params1("SELECT review_delete($1)", posting_id)[0].as<bool>();
    return absl::OkStatus();
  }));
  return deleted;
}

absl::StatusOr<std::vector<StoredReview>> ReviewRepo::List(int64_t user_id,
                                                           const std::optional<ReviewPosition>& after,
                                                           int limit) {
  if (limit < 1 || limit > 10000) return common::InvalidField("limit", "must be between 1 and 10000");
  std::vector<StoredReview> reviews;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "review_repo.List", true), [&](pqxx::work& tx) {
    // $4 false: from the start.
    const std::string sql = absl::StrCat(
        "SELECT ", kColumns,
        " FROM reviews_list(CASE WHEN $4 THEN timestamptz 'epoch' + $1::bigint * interval '1 microsecond' END,"
        " $2, $3)");
    const ReviewPosition position = after.value_or(ReviewPosition{});
    for (const auto& row :
         tx.exec_params(sql, position.updated_at_micros, position.posting_id, limit, after.has_value())) {
      reviews.push_back(ReviewFromRow(row));
    }
    return absl::OkStatus();
  }));
  return reviews;
}

absl::StatusOr<std::vector<int64_t>> ReviewRepo::ReviewedPostingIds(int64_t user_id) {
  std::vector<int64_t> ids;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, AsUser(user_id, "review_repo.ReviewedPostingIds", true), [&](pqxx::work& tx) {
        for (const auto& row : tx.exec("SELECT id FROM reviewed_posting_ids() AS id")) {
          ids.push_back(row[0].as<int64_t>());
        }
        return absl::OkStatus();
      }));
  return ids;
}

absl::StatusOr<std::optional<std::map<int64_t, double>>> ReviewRepo::ReviewedLlmScores(int64_t user_id) {
  std::optional<std::map<int64_t, double>> scores;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, AsUser(user_id, "review_repo.ReviewedLlmScores", true), [&](pqxx::work& tx) {
        if (!tx.exec1("SELECT to_regclass('public.llm_scores') IS NOT NULL")[0].as<bool>()) {
          return absl::OkStatus();
        }
        scores.emplace();
        for (const auto& row : tx.exec(
                 "SELECT DISTINCT ON (s.posting_id) s.posting_id, s.score FROM llm_scores s "
                 "JOIN reviews r ON r.user_id = s.user_id AND r.posting_id = s.posting_id "
                 "WHERE s.score IS NOT NULL ORDER BY s.posting_id, s.created_at DESC")) {
          (*scores)[row[0].as<int64_t>()] = row[1].as<double>();
        }
        return absl::OkStatus();
      }));
  return scores;
}

}  // namespace jobrec::store
