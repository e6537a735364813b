#include "jobrec/store/source_repo.h"

#include <algorithm>
#include <regex>

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

// The key of pg_try_advisory_lock for a source: the namespace in the high bits.
int64_t SyncLockKey(int64_t source_id) {
  return (int64_t{kSyncLockNamespace} << 32) | (source_id & 0xffffffff);
}

constexpr char kSourceColumns[] =
    "s.id, s.name, s.kind, s.params::text, s.secrets::text, s.full_sync, "
    "extract(epoch FROM s.sync_interval)::bigint / 60, s.enabled, s.cursor::text";
constexpr int kSourceColumnCount = 9;

constexpr char kRunColumns[] =
    "r.id, r.source_id, r.task_id, r.state, extract(epoch FROM r.started_at)::bigint, "
    "extract(epoch FROM r.finished_at)::bigint, r.pages, r.seen, r.new, r.updated, r.unchanged, "
    "r.rejected, r.expired, r.rejections::text, coalesce(r.error, '')";

nlohmann::json JsonOrNull(const pqxx::field& f) {
  return f.is_null() ? nlohmann::json() : nlohmann::json::parse(f.as<std::string>());
}

Timestamp FromEpoch(int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

Source SourceFromRow(const pqxx::row& r) {
  Source s;
  s.id = r[0].as<int64_t>();
  s.spec.name = r[1].as<std::string>();
  s.spec.kind = r[2].as<std::string>();
  s.spec.params = nlohmann::json::parse(r[3].as<std::string>());
  s.spec.secrets = nlohmann::json::parse(r[4].as<std::string>());
  s.spec.full_sync = r[5].as<bool>();
  if (!r[6].is_null()) s.spec.interval = std::chrono::minutes(r[6].as<int64_t>());
  s.spec.enabled = r[7].as<bool>();
  s.cursor = JsonOrNull(r[8]);
  return s;
}

// The run's columns start at `at` (kRunColumns).
SyncRunRecord RunFromRow(const pqxx::row& r, int at) {
  SyncRunRecord run;
  run.id = r[at].as<int64_t>();
  run.source_id = r[at + 1].as<int64_t>();
  if (!r[at + 2].is_null()) run.task_id = r[at + 2].as<int64_t>();
  run.state = r[at + 3].as<std::string>();
  run.started_at = FromEpoch(r[at + 4].as<int64_t>());
  if (!r[at + 5].is_null()) run.finished_at = FromEpoch(r[at + 5].as<int64_t>());
  run.pages = r[at + 6].as<int64_t>();
  run.seen = r[at + 7].as<int64_t>();
  run.inserted = r[at + 8].as<int64_t>();
  run.updated = r[at + 9].as<int64_t>();
  run.unchanged = r[at + 10].as<int64_t>();
  run.rejected = r[at + 11].as<int64_t>();
  run.expired = r[at + 12].as<int64_t>();
  run.rejections = nlohmann::json::parse(r[at + 13].as<std::string>());
  run.error = r[at + 14].as<std::string>();
  return run;
}

absl::Status ValidateSpec(const SourceSpec& spec) {
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  static const std::regex kKind("[a-z][a-z0-9_]{0,49}");
  static const std::regex kEnvName("[A-Za-z_][A-Za-z0-9_]{0,127}");
  if (!std::regex_match(spec.name, kName)) {
    return common::InvalidField(
        "name",
        "source name must be 1-100 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }
  if (!std::regex_match(spec.kind, kKind)) {
    return common::InvalidField("kind", "source kind must be a lower-case word such as adzuna or jsonl");
  }
  if (!spec.params.is_object()) return common::InvalidField("params", "source params must be a JSON object");
  if (!spec.secrets.is_object()) {
    return common::InvalidField("secrets", "source secrets must be a JSON object");
  }
  for (const auto& [name, variable] : spec.secrets.items()) {
    if (!variable.is_string() || !std::regex_match(variable.get<std::string>(), kEnvName)) {
      return common::InvalidField("secrets",
                                  absl::StrCat("secret '", name, "' must name an environment variable"));
    }
  }
  if (spec.interval && spec.interval->count() < 1) {
    return common::InvalidField("interval", "sync interval must be at least one minute");
  }
  return absl::OkStatus();
}

TxOptions ReadOptions(const std::string& name, std::optional<int64_t> admin_user_id) {
  TxOptions options{.name = name, .read_only = true};
  if (admin_user_id) {
    options.role = kAdminRole;
    options.settings = {{"jobrec.user_id", std::to_string(*admin_user_id)}};
  }
  return options;
}

}  // namespace

NewTask SyncTask(int64_t source_id) {
  NewTask task;
  task.kind = kSyncTaskKind;
  task.payload = {{"source_id", source_id}};
  task.dedupe_key = absl::StrCat(kSyncTaskKind, ":", source_id);
  return task;
}

absl::StatusOr<std::pair<int64_t, bool>> SourceRepo::Upsert(const SourceSpec& spec) {
  JOBREC_RETURN_IF_ERROR(ValidateSpec(spec));
  std::pair<int64_t, bool> result;
  std::optional<int64_t> minutes;
  if (spec.interval) minutes = spec.interval->count();
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "source_repo.Upsert"}, [&](pqxx::work& tx) {
    // A changed kind or params invalidates the cursor: the pass in progress is abandoned.
    const auto previous = tx.exec_params(
        "SELECT id FROM sources WHERE name = $1 AND (kind <> $2 OR params <> $3::jsonb) FOR UPDATE",
        spec.name, spec.kind, spec.params.dump());
    if (!previous.empty()) {
      const int64_t id = previous[0][0].as<int64_t>();
      tx.exec_params(
          "UPDATE sync_runs SET state = 'abandoned', finished_at = now(), "
          "error = 'abandoned: the source was reconfigured' "
          "WHERE source_id = $1 AND state IN ('running', 'failed')",
          id);
      tx.exec_params("UPDATE sources SET cursor = NULL WHERE id = $1", id);
    }
    const auto row = tx.exec_params1(
        "INSERT INTO sources (name, kind, params, secrets, full_sync, sync_interval, enabled) "
        "VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::bigint * interval '1 minute', $7) "
        "ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, params = EXCLUDED.params, "
        "  secrets = EXCLUDED.secrets, full_sync = EXCLUDED.full_sync, "
        "  sync_interval = EXCLUDED.sync_interval, enabled = EXCLUDED.enabled, updated_at = now(), "
        "  next_sync_at = CASE WHEN sources.sync_interval IS DISTINCT FROM EXCLUDED.sync_interval "
        "                      THEN NULL ELSE sources.next_sync_at END "
        "RETURNING id, (xmax = 0)",
        spec.name, spec.kind, spec.params.dump(), spec.secrets.dump(), spec.full_sync, minutes, spec.enabled);
    result = {row[0].as<int64_t>(), row[1].as<bool>()};
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<Source> SourceRepo::Get(int64_t id) {
  Source source;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, {.name = "source_repo.Get", .read_only = true}, [&](pqxx::work& tx) {
        const auto rows =
            tx.exec_params(absl::StrCat("SELECT ", kSourceColumns, " FROM sources s WHERE s.id = $1"), id);
        if (rows.empty()) return absl::NotFoundError(absl::StrCat("no source with id ", id));
        source = SourceFromRow(rows[0]);
        return absl::OkStatus();
      }));
  return source;
}

absl::StatusOr<std::optional<Source>> SourceRepo::FindByName(const std::string& name) {
  std::optional<Source> source;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, {.name = "source_repo.FindByName", .read_only = true}, [&](pqxx::work& tx) {
        const auto rows = tx.exec_params(
            absl::StrCat("SELECT ", kSourceColumns, " FROM sources s WHERE s.name = $1"), name);
        if (!rows.empty()) source = SourceFromRow(rows[0]);
        return absl::OkStatus();
      }));
  return source;
}

absl::StatusOr<std::vector<SourceSummary>> SourceRepo::List(std::optional<int64_t> admin_user_id) {
  std::vector<SourceSummary> out;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, ReadOptions("source_repo.List", admin_user_id), [&](pqxx::work& tx) {
        const auto rows = tx.exec(absl::StrCat(
            "SELECT ", kSourceColumns, ", ", kRunColumns,
            " FROM sources s LEFT JOIN LATERAL ("
            "  SELECT * FROM sync_runs WHERE source_id = s.id ORDER BY id DESC LIMIT 1) r ON true "
            "ORDER BY s.name"));
        for (const auto& row : rows) {
          SourceSummary summary{.source = SourceFromRow(row)};
          if (!row[kSourceColumnCount].is_null()) summary.last_run = RunFromRow(row, kSourceColumnCount);
          out.push_back(std::move(summary));
        }
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<SourceSummary> SourceRepo::Summary(int64_t id, std::optional<int64_t> admin_user_id) {
  SourceSummary summary;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, ReadOptions("source_repo.Summary", admin_user_id), [&](pqxx::work& tx) {
        const auto rows = tx.exec_params(
            absl::StrCat(
                "SELECT ", kSourceColumns, ", ", kRunColumns,
                " FROM sources s LEFT JOIN LATERAL ("
                "  SELECT * FROM sync_runs WHERE source_id = s.id ORDER BY id DESC LIMIT 1) r ON true "
                "WHERE s.id = $1"),
            id);
        if (rows.empty()) return absl::NotFoundError(absl::StrCat("no source with id ", id));
        summary.source = SourceFromRow(rows[0]);
        if (!rows[0][kSourceColumnCount].is_null()) {
          summary.last_run = RunFromRow(rows[0], kSourceColumnCount);
        }
        return absl::OkStatus();
      }));
  return summary;
}

absl::StatusOr<std::vector<int64_t>> SourceRepo::ClaimDue() {
  std::vector<int64_t> ids;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "source_repo.ClaimDue"}, [&](pqxx::work& tx) {
    // Under READ COMMITTED a concurrent claim of the same row waits for ours, then re-checks
    // the condition against our new next_sync_at and skips the row.
    for (const auto& r : tx.exec("UPDATE sources SET next_sync_at = now() + sync_interval "
                                 "WHERE enabled AND sync_interval IS NOT NULL AND (next_sync_at IS NULL OR "
                                 "next_sync_at <= now()) "
                                 "RETURNING id")) {
      ids.push_back(r[0].as<int64_t>());
    }
    return absl::OkStatus();
  }));
  std::sort(ids.begin(), ids.end());
  return ids;
}

absl::Status SourceRepo::Unclaim(int64_t source_id) {
  return RunTransaction(db_, {.name = "source_repo.Unclaim"}, [&](pqxx::work& tx) {
    tx.exec_params("UPDATE sources SET next_sync_at = now() WHERE id = $1", source_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<OpenedRun> SourceRepo::OpenRun(int64_t source_id, std::optional<int64_t> task_id) {
  OpenedRun opened;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "source_repo.OpenRun"}, [&](pqxx::work& tx) {
    const auto source =
        tx.exec_params("SELECT cursor::text FROM sources WHERE id = $1 FOR UPDATE", source_id);
    if (source.empty()) return absl::NotFoundError(absl::StrCat("no source with id ", source_id));
    opened.cursor = JsonOrNull(source[0][0]);
    auto rows = tx.exec_params(
        absl::StrCat(
            "UPDATE sync_runs r SET state = 'running', finished_at = NULL, task_id = coalesce($2, r.task_id) "
            "WHERE r.source_id = $1 AND r.state IN ('running', 'failed') RETURNING ",
            kRunColumns),
        source_id, task_id);
    opened.resumed = !rows.empty();
    if (rows.empty()) {
      rows = tx.exec_params(
          absl::StrCat("INSERT INTO sync_runs AS r (source_id, task_id) VALUES ($1, $2) RETURNING ",
                       kRunColumns),
          source_id, task_id);
    }
    opened.run = RunFromRow(rows[0], 0);
    return absl::OkStatus();
  }));
  return opened;
}

absl::Status SourceRepo::FailRun(int64_t run_id, const std::string& error) {
  return RunTransaction(db_, {.name = "source_repo.FailRun"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE sync_runs SET state = 'failed', finished_at = now(), error = $2 "
        "WHERE id = $1 AND state = 'running'",
        run_id, error);
    return absl::OkStatus();
  });
}

absl::Status SourceRepo::RestartPass(int64_t source_id) {
  return RunTransaction(db_, {.name = "source_repo.RestartPass"}, [&](pqxx::work& tx) {
    if (tx.exec_params("UPDATE sources SET cursor = NULL, updated_at = now() WHERE id = $1", source_id)
            .affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("no source with id ", source_id));
    }
    tx.exec_params(
        "UPDATE sync_runs SET state = 'abandoned', finished_at = now(), "
        "error = coalesce(error || '; ', '') || 'abandoned: restarted from the beginning' "
        "WHERE source_id = $1 AND state IN ('running', 'failed')",
        source_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<SyncRunRecord> SourceRepo::GetRun(int64_t run_id) {
  SyncRunRecord run;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, {.name = "source_repo.GetRun", .read_only = true}, [&](pqxx::work& tx) {
        const auto rows =
            tx.exec_params(absl::StrCat("SELECT ", kRunColumns, " FROM sync_runs r WHERE r.id = $1"), run_id);
        if (rows.empty()) return absl::NotFoundError(absl::StrCat("no sync run with id ", run_id));
        run = RunFromRow(rows[0], 0);
        return absl::OkStatus();
      }));
  return run;
}

absl::Status SourceRepo::WithSyncLock(int64_t source_id, const std::function<absl::Status()>& body) {
  return RunOnConnection(db_, "source_repo.WithSyncLock", [&](pqxx::connection& connection) {
    pqxx::nontransaction session(connection);
    const int64_t key = SyncLockKey(source_id);
    if (!session.exec_params1("SELECT pg_try_advisory_lock($1)", key)[0].as<bool>()) {
      return absl::AbortedError(absl::StrCat("a sync of source ", source_id, " is already running"));
    }
    absl::Status status;
    try {
      status = body();
    } catch (...) {
      // The connection goes back to the pool: it must not keep the lock.
      session.exec_params("SELECT pg_advisory_unlock($1)", key);
      throw;
    }
    session.exec_params("SELECT pg_advisory_unlock($1)", key);
    return status;
  });
}

}  // namespace jobrec::store
