#include "jobrec/store/llm_score_repo.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

std::vector<std::string> StringList(const pqxx::field& field) {
  std::vector<std::string> out;
  for (const auto& item : nlohmann::json::parse(field.as<std::string>())) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

// posting_id, score, justification, matched, missing, dealbreakers, failure.
LlmScoreRow ScoreFromRow(const pqxx::row& r) {
  LlmScoreRow row;
  row.posting_id = r[0].as<int64_t>();
  if (!r[1].is_null()) row.score = r[1].as<int>();
  row.justification = r[2].as<std::string>();
  row.matched_skills = StringList(r[3]);
  row.missing_skills = StringList(r[4]);
  row.dealbreakers = StringList(r[5]);
  row.failure = r[6].is_null() ? "" : r[6].as<std::string>();
  return row;
}

constexpr char kScoreColumns[] =
    "posting_id, score, justification, matched_skills::text, missing_skills::text, "
    "dealbreakers::text, failure";

}  // namespace

absl::StatusOr<std::optional<LlmScoreRow>> LlmScoreRepo::FindScored(const LlmScoreKey& key) {
  std::optional<LlmScoreRow> found;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "llm_score.FindScored", .read_only = true},
                                        [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat("SELECT ", kScoreColumns, " FROM llm_scores WHERE user_id = $1 AND posting_id = $2 "
                     "AND profile_version = $3 AND model = $4 AND prompt_version = $5 AND score IS NOT NULL"),
        key.user_id, key.posting_id, key.profile_version, key.model, key.prompt_version);
    if (!rows.empty()) found = ScoreFromRow(rows[0]);
    return absl::OkStatus();
  }));
  return found;
}

absl::Status LlmScoreRepo::Upsert(const LlmScoreKey& key, const LlmScoreRow& row,
                                  const LlmScoreProvenance& provenance) {
  if (row.score && (*row.score < 0 || *row.score > 10)) {
    return absl::InvalidArgumentError(absl::StrCat("llm score ", *row.score, " outside 0..10"));
  }
  if (!row.score && row.failure.empty()) {
    return absl::InvalidArgumentError("an llm score row needs a score or a failure reason");
  }
  // libpqxx 6 sends NULL for an empty optional<string>; the server casts the text.
  const std::optional<std::string> score =
      row.score ? std::optional<std::string>(std::to_string(*row.score)) : std::nullopt;
  const std::optional<std::string> run_id =
      provenance.run_id ? std::optional<std::string>(std::to_string(*provenance.run_id)) : std::nullopt;
  const std::optional<std::string> failure =
      row.score ? std::nullopt : std::optional<std::string>(row.failure);
  return RunTransaction(db_, {.name = "llm_score.Upsert"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO llm_scores (user_id, posting_id, profile_version, model, prompt_version, score, "
        "justification, matched_skills, missing_skills, dealbreakers, failure, prompt_fingerprint, "
        "tokens_in, tokens_out, cost, run_id) "
        "VALUES ($1, $2, $3, $4, $5, $6::integer, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16::bigint) "
        "ON CONFLICT (user_id, posting_id, profile_version, model, prompt_version) DO UPDATE SET "
        "score = EXCLUDED.score, justification = EXCLUDED.justification, "
        "matched_skills = EXCLUDED.matched_skills, missing_skills = EXCLUDED.missing_skills, "
        "dealbreakers = EXCLUDED.dealbreakers, failure = EXCLUDED.failure, "
        "prompt_fingerprint = EXCLUDED.prompt_fingerprint, tokens_in = EXCLUDED.tokens_in, "
        "tokens_out = EXCLUDED.tokens_out, cost = EXCLUDED.cost, run_id = EXCLUDED.run_id, "
        "created_at = now()",
        key.user_id, key.posting_id, key.profile_version, key.model, key.prompt_version, score,
        row.justification, nlohmann::json(row.matched_skills).dump(),
        nlohmann::json(row.missing_skills).dump(), nlohmann::json(row.dealbreakers).dump(), failure,
        provenance.prompt_fingerprint, provenance.tokens_in, provenance.tokens_out, provenance.cost,
        run_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<LlmScoreRow>> LlmScoreRepo::ForProfile(int64_t user_id, int profile_version,
                                                                  const std::string& model,
                                                                  const std::string& prompt_version) {
  std::vector<LlmScoreRow> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "llm_score.ForProfile", true),
                                        [&](pqxx::work& tx) {
    for (const auto& r : tx.exec_params(
             absl::StrCat("SELECT ", kScoreColumns, " FROM llm_scores_for_profile($1, $2, $3)"),
             profile_version, model, prompt_version)) {
      out.push_back(ScoreFromRow(r));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::unordered_map<int64_t, int>> LlmScoreRepo::LatestScores(int64_t user_id,
                                                                           int profile_version) {
  std::unordered_map<int64_t, int> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "llm_score.LatestScores", true),
                                        [&](pqxx::work& tx) {
    for (const auto& r : tx.exec_params(
             "SELECT DISTINCT ON (posting_id) posting_id, score FROM llm_scores "
             "WHERE user_id = $1 AND profile_version = $2 AND score IS NOT NULL "
             "ORDER BY posting_id, created_at DESC",
             user_id, profile_version)) {
      out[r[0].as<int64_t>()] = r[1].as<int>();
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<ReviewExampleRow>> LlmScoreRepo::RecentReviews(int64_t user_id, int limit) {
  std::vector<ReviewExampleRow> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "llm_score.RecentReviews", true),
                                        [&](pqxx::work& tx) {
    if (tx.exec1("SELECT to_regprocedure('reviews_list(timestamptz, bigint, integer)') IS NULL")[0]
            .as<bool>()) {
      return absl::OkStatus();
    }
    for (const auto& r : tx.exec_params(
             "SELECT p.title, p.company, coalesce(r.score, 0), r.comment, r.applied, r.not_interested "
             "FROM reviews_list(NULL, NULL, $1) r JOIN postings p ON p.id = r.posting_id "
             "WHERE r.score IS NOT NULL OR r.comment <> '' "
             "ORDER BY r.updated_at DESC, r.posting_id DESC",
             limit)) {
      out.push_back({.posting_title = r[0].as<std::string>(), .company = r[1].as<std::string>(),
                     .score = r[2].as<int>(), .comment = r[3].as<std::string>(),
                     .applied = r[4].as<bool>(), .not_interested = r[5].as<bool>()});
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace jobrec::store
