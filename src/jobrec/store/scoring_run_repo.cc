#include "jobrec/store/scoring_run_repo.h"

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

constexpr char kRunColumns[] =
    "id, user_id, engine, profile_version, requested_limit, state, total, done, failed, "
    "tokens_in, tokens_out, cost, coalesce(error, '')";

ScoringRunRecord RunFromRow(const pqxx::row& r) {
  ScoringRunRecord run;
  run.id = r[0].as<int64_t>();
  run.user_id = r[1].as<int64_t>();
  run.engine = r[2].as<std::string>();
  run.profile_version = r[3].as<int>();
  run.requested_limit = r[4].as<int>();
  run.state = r[5].as<std::string>();
  run.total = r[6].as<int>();
  run.done = r[7].as<int>();
  run.failed = r[8].as<int>();
  run.tokens_in = r[9].as<int64_t>();
  run.tokens_out = r[10].as<int64_t>();
  run.cost = r[11].as<double>();
  run.error = r[12].as<std::string>();
  return run;
}

void InsertUsage(pqxx::work& tx, int64_t user_id, int64_t tokens_in, int64_t tokens_out, int64_t calls) {
  tx.exec_params(
      "INSERT INTO llm_usage AS u (user_id, day, tokens_in, tokens_out, calls) "
      "VALUES ($1, llm_today(), $2, $3, $4) ON CONFLICT (user_id, day) DO UPDATE SET "
      "tokens_in = u.tokens_in + EXCLUDED.tokens_in, tokens_out = u.tokens_out + EXCLUDED.tokens_out, "
      "calls = u.calls + EXCLUDED.calls",
      user_id, tokens_in, tokens_out, calls);
}

}  // namespace

bool IsFinalRunState(const std::string& state) {
  return state == "done" || state == "failed" || state == "cancelled" || state == "budget_exhausted";
}

absl::StatusOr<int64_t> ScoringRunRepo::Create(int64_t user_id, const std::string& engine, int limit) {
  std::optional<int64_t> id;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "scoring_run.Create"), [&](pqxx::work& tx) {
    auto row = tx.exec_params1("SELECT scoring_run_create($1, $2)", engine, limit);
    if (!row[0].is_null()) id = row[0].as<int64_t>();
    return absl::OkStatus();
  }));
  if (!id) {
    return absl::FailedPreconditionError(
        "no profile yet: fill in your profile (at least one target job title) first");
  }
  return *id;
}

absl::StatusOr<std::optional<ScoringRunRecord>> ScoringRunRepo::Get(int64_t user_id, int64_t run_id) {
  std::optional<ScoringRunRecord> run;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "scoring_run.Get", true), [&](pqxx::work& tx) {
    // user_id is not among the function's columns: it is the caller's by row-level security.
    auto rows = tx.exec_params(
        "SELECT id, $2::bigint, engine, 0, 0, state, total, done, failed, tokens_in, tokens_out, "
        "cost, coalesce(error, '') FROM scoring_run_get($1)",
        run_id, user_id);
    if (!rows.empty()) run = RunFromRow(rows[0]);
    return absl::OkStatus();
  }));
  return run;
}

absl::StatusOr<std::optional<std::string>> ScoringRunRepo::Cancel(int64_t user_id, int64_t run_id) {
  std::optional<std::string> state;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "scoring_run.Cancel"), [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT state FROM scoring_run_cancel($1)", run_id);
    if (!rows.empty()) state = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return state;
}

absl::StatusOr<LlmSpendReport> ScoringRunRepo::AdminSpend(int64_t admin_user_id, int days) {
  LlmSpendReport report;
  TxOptions options{.name = "scoring_run.AdminSpend", .read_only = true, .role = kAdminRole};
  options.settings = {{"jobrec.user_id", std::to_string(admin_user_id)}};
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, options, [&](pqxx::work& tx) {
    for (const auto& r : tx.exec_params("SELECT day::text, tokens, cost, calls, day = llm_today() "
                                        "FROM llm_spend_by_day($1)",
                                        days)) {
      SpendRow row{.key = r[0].as<std::string>(), .tokens = r[1].as<int64_t>(),
                   .cost = r[2].as<double>(), .calls = r[3].as<int64_t>()};
      if (r[4].as<bool>()) {
        report.today_tokens = row.tokens;
        report.today_cost = row.cost;
      }
      report.by_day.push_back(std::move(row));
    }
    for (const auto& r : tx.exec_params(
             "SELECT email, user_id, tokens, cost, calls FROM llm_spend_by_user($1)", days)) {
      report.by_user.push_back({.key = r[0].as<std::string>(), .user_id = r[1].as<int64_t>(),
                                .tokens = r[2].as<int64_t>(), .cost = r[3].as<double>(),
                                .calls = r[4].as<int64_t>()});
    }
    return absl::OkStatus();
  }));
  return report;
}

absl::StatusOr<std::optional<std::pair<ScoringRunRecord, nlohmann::json>>> ScoringRunRepo::LoadForTask(
    int64_t run_id) {
  std::optional<std::pair<ScoringRunRecord, nlohmann::json>> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.LoadForTask", .read_only = true},
                                        [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat("SELECT ", kRunColumns, ", (SELECT v.data::text FROM profile_versions v "
                     "WHERE v.user_id = r.user_id AND v.version = r.profile_version) "
                     "FROM scoring_runs r WHERE r.id = $1"),
        run_id);
    if (rows.empty()) return absl::OkStatus();
    if (rows[0][13].is_null()) {
      return absl::DataLossError(absl::StrCat("scoring run ", run_id, ": its profile version is missing"));
    }
    out.emplace(RunFromRow(rows[0]), nlohmann::json::parse(rows[0][13].as<std::string>()));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<bool> ScoringRunRepo::Start(int64_t run_id, int total) {
  bool started = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.Start"}, [&](pqxx::work& tx) {
    // A re-run after a crashed worker starts again from zero: its cached scores make the
    // items already scored free, and they are counted again as they come back from the cache.
    started = !tx.exec_params(
                      "UPDATE scoring_runs SET state = 'running', total = $2, done = 0, failed = 0, "
                      "started_at = coalesce(started_at, now()) "
                      "WHERE id = $1 AND state IN ('queued', 'running') RETURNING 1",
                      run_id, total)
                   .empty();
    return absl::OkStatus();
  }));
  return started;
}

absl::StatusOr<std::string> ScoringRunRepo::RecordItem(int64_t run_id, int64_t user_id,
                                                       const ScoringItemProgress& item) {
  std::string state;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.RecordItem"}, [&](pqxx::work& tx) {
    state = tx.exec_params1(
                  "UPDATE scoring_runs SET done = done + $2, failed = failed + $3, "
                  "tokens_in = tokens_in + $4, tokens_out = tokens_out + $5, cost = cost + $6 "
                  "WHERE id = $1 RETURNING state",
                  run_id, item.scored ? 1 : 0, item.failed ? 1 : 0, item.tokens_in, item.tokens_out,
                  item.cost)[0]
                .as<std::string>();
    if (item.calls > 0) InsertUsage(tx, user_id, item.tokens_in, item.tokens_out, item.calls);
    return absl::OkStatus();
  }));
  return state;
}

absl::StatusOr<std::string> ScoringRunRepo::State(int64_t run_id) {
  std::string state;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.State", .read_only = true},
                                        [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT state FROM scoring_runs WHERE id = $1", run_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("scoring run ", run_id));
    state = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return state;
}

absl::StatusOr<std::string> ScoringRunRepo::Finish(int64_t run_id, const std::string& state,
                                                   const std::string& error) {
  std::string final_state;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.Finish"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE scoring_runs SET state = $2, error = nullif($3, ''), finished_at = now() "
        "WHERE id = $1 AND state IN ('queued', 'running')",
        run_id, state, error);
    auto rows = tx.exec_params("SELECT state FROM scoring_runs WHERE id = $1", run_id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("scoring run ", run_id));
    final_state = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  return final_state;
}

absl::Status ScoringRunRepo::AddUsage(int64_t user_id, int64_t tokens_in, int64_t tokens_out, int calls) {
  return RunTransaction(db_, {.name = "scoring_run.AddUsage"}, [&](pqxx::work& tx) {
    InsertUsage(tx, user_id, tokens_in, tokens_out, calls);
    return absl::OkStatus();
  });
}

absl::Status ScoringRunRepo::AddSpend(int64_t user_id, double cost) {
  return RunTransaction(db_, {.name = "scoring_run.AddSpend"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO llm_usage AS u (user_id, day, cost) VALUES ($1, llm_today(), $2) "
        "ON CONFLICT (user_id, day) DO UPDATE SET cost = u.cost + EXCLUDED.cost",
        user_id, cost);
    return absl::OkStatus();
  });
}

absl::StatusOr<double> ScoringRunRepo::SpentToday(int64_t user_id) {
  double spent = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "scoring_run.SpentToday", .read_only = true},
                                        [&](pqxx::work& tx) {
    spent = tx.exec_params1(
                  "SELECT coalesce(sum(cost), 0) FROM llm_usage WHERE user_id = $1 AND day = llm_today()",
                  user_id)[0]
                .as<double>();
    return absl::OkStatus();
  }));
  return spent;
}

}  // namespace jobrec::store
