#include "jobrec/store/review_reasons_repo.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {

NewTask CommentReasonsTask(int64_t user_id) {
  NewTask task;
  task.kind = kCommentReasonsTaskKind;
  task.payload = {{"user_id", user_id}};
  task.dedupe_key = absl::StrCat(kCommentReasonsTaskKind, ":", user_id);
  return task;
}

absl::StatusOr<std::map<int64_t, std::vector<std::string>>> ReviewReasonsRepo::Current(int64_t user_id) {
  std::map<int64_t, std::vector<std::string>> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "review_reasons.Current", true), [&](pqxx::work& tx) {
    const auto rows = tx.exec(
        "SELECT rr.posting_id, rr.reasons::text FROM review_reasons rr "
        "JOIN reviews r ON r.user_id = rr.user_id AND r.posting_id = rr.posting_id AND r.comment = rr.comment "
        "WHERE rr.user_id = jobrec_current_user_id()");
    for (const auto& row : rows) {
      out[row[0].as<int64_t>()] = nlohmann::json::parse(row[1].as<std::string>()).get<std::vector<std::string>>();
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<ReviewComment>> ReviewReasonsRepo::Pending(int64_t user_id, int limit) {
  std::vector<ReviewComment> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "review_reasons.Pending", .read_only = true},
                                        [&](pqxx::work& tx) {
    const auto rows = tx.exec_params(
        "SELECT r.posting_id, r.comment FROM reviews r "
        "LEFT JOIN review_reasons rr ON rr.user_id = r.user_id AND rr.posting_id = r.posting_id "
        "WHERE r.user_id = $1 AND btrim(r.comment) <> '' AND (r.not_interested OR r.score <= 5) "
        "  AND (rr.comment IS NULL OR rr.comment <> r.comment) "
        "ORDER BY r.updated_at, r.posting_id LIMIT $2",
        user_id, limit);
    for (const auto& row : rows) out.push_back({row[0].as<int64_t>(), row[1].as<std::string>()});
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<bool> ReviewReasonsRepo::Store(const StoredReviewReasons& reasons) {
  bool stored = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "review_reasons.Store"}, [&](pqxx::work& tx) {
    // Selecting from reviews makes a deleted review or an edited comment store nothing.
    stored = !tx.exec_params(
                    "INSERT INTO review_reasons (user_id, posting_id, comment, reasons, model, prompt_version) "
                    "SELECT r.user_id, r.posting_id, r.comment, $4::jsonb, $5, $6 FROM reviews r "
                    "WHERE r.user_id = $1 AND r.posting_id = $2 AND r.comment = $3 "
                    "ON CONFLICT (user_id, posting_id) DO UPDATE SET comment = EXCLUDED.comment, "
                    "  reasons = EXCLUDED.reasons, model = EXCLUDED.model, "
                    "  prompt_version = EXCLUDED.prompt_version, created_at = now() "
                    "RETURNING 1",
                    reasons.user_id, reasons.posting_id, reasons.comment, nlohmann::json(reasons.reasons).dump(),
                    reasons.model, reasons.prompt_version)
                  .empty();
    return absl::OkStatus();
  }));
  return stored;
}

}  // namespace jobrec::store
