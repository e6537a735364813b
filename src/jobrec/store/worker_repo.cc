#include "jobrec/store/worker_repo.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

constexpr int kMaxListedWorkers = 1000;
constexpr int kMaxDecisions = 1000;

constexpr std::array<std::pair<WorkerProvider, const char*>, 3> kProviders{{
    {WorkerProvider::kLocal, "local"}, {WorkerProvider::kEc2, "ec2"}, {WorkerProvider::kExternal, "external"}}};
constexpr std::array<std::pair<WorkerState, const char*>, 6> kStates{{{WorkerState::kStarting, "starting"},
                                                                      {WorkerState::kIdle, "idle"},
                                                                      {WorkerState::kBusy, "busy"},
                                                                      {WorkerState::kDraining, "draining"},
                                                                      {WorkerState::kStopped, "stopped"},
                                                                      {WorkerState::kLost, "lost"}}};
constexpr std::array<std::pair<ScalingAction, const char*>, 6> kActions{{{ScalingAction::kStart, "start"},
                                                                         {ScalingAction::kStop, "stop"},
                                                                         {ScalingAction::kSteady, "steady"},
                                                                         {ScalingAction::kHold, "hold"},
                                                                         {ScalingAction::kExternal, "external"},
                                                                         {ScalingAction::kError, "error"}}};

template <typename Enum, size_t N>
const char* NameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return table[0].second;
}

template <typename Enum, size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, const char*>, N>& table, const std::string& name) {
  for (const auto& [e, n] : table) {
    if (name == n) return e;
  }
  return std::nullopt;
}

TimePoint FromEpochSeconds(double seconds) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(seconds)));
}

// The state a reader sees: a live row with a stale heartbeat is lost already.
constexpr char kEffectiveState[] =
    "CASE WHEN state NOT IN ('stopped', 'lost') AND last_heartbeat_at < now() - lost_after "
    "THEN 'lost' ELSE state END";

}  // namespace

const char* WorkerProviderName(WorkerProvider provider) { return NameOf(kProviders, provider); }
std::optional<WorkerProvider> ParseWorkerProvider(const std::string& name) { return Parse(kProviders, name); }
const char* WorkerStateName(WorkerState state) { return NameOf(kStates, state); }
std::optional<WorkerState> ParseWorkerState(const std::string& name) { return Parse(kStates, name); }
const char* ScalingActionName(ScalingAction action) { return NameOf(kActions, action); }
std::optional<ScalingAction> ParseScalingAction(const std::string& name) { return Parse(kActions, name); }

absl::StatusOr<int64_t> WorkerRepo::Register(const WorkerRegistration& worker) {
  if (worker.instance_id.empty()) return absl::InvalidArgumentError("worker instance id must not be empty");
  if (worker.lease_owner.empty()) return absl::InvalidArgumentError("worker lease owner must not be empty");
  if (worker.concurrency < 1) return absl::InvalidArgumentError("worker concurrency must be at least 1");
  if (worker.lost_after.count() <= 0) return absl::InvalidArgumentError("worker lost_after must be positive");
  int64_t id = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.Register"}, [&](pqxx::work& tx) {
    id = tx.exec_params("INSERT INTO workers (provider, instance_id, host, lease_owner, concurrency, lost_after) "
                        "VALUES ($1, $2, $3, $4, $5, $6::float8 * interval '1 millisecond') RETURNING id",
                        WorkerProviderName(worker.provider), worker.instance_id, worker.host, worker.lease_owner,
                        worker.concurrency, static_cast<int64_t>(worker.lost_after.count()))[0][0]
             .as<int64_t>();
    return absl::OkStatus();
  }));
  return id;
}

absl::Status WorkerRepo::Heartbeat(int64_t id, WorkerState state) {
  if (state != WorkerState::kIdle && state != WorkerState::kBusy && state != WorkerState::kDraining) {
    return absl::InvalidArgumentError(
        absl::StrCat("a heartbeat reports idle, busy or draining, not ", WorkerStateName(state)));
  }
  return RunTransaction(db_, {.name = "worker_repo.Heartbeat"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE workers w SET state = $2, last_heartbeat_at = now(), "
        // An idle worker runs nothing, even when its last task's completion has not committed
        // yet as this statement starts.
        "  current_task_id = CASE WHEN $2 = 'idle' THEN NULL ELSE "
        "    (SELECT min(t.id) FROM tasks t "
        "     WHERE t.state = 'running' AND t.lease_owner = w.lease_owner) END "
        "WHERE id = $1 AND state <> 'stopped' RETURNING id",
        id, WorkerStateName(state));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no live worker row ", id));
    return absl::OkStatus();
  });
}

absl::Status WorkerRepo::MarkStopped(int64_t id, const std::string& exit_reason) {
  return RunTransaction(db_, {.name = "worker_repo.MarkStopped"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE workers SET state = 'stopped', stopped_at = coalesce(stopped_at, now()), "
        "  exit_reason = coalesce(exit_reason, $2), current_task_id = NULL, last_heartbeat_at = now() "
        "WHERE id = $1 RETURNING id",
        id, exit_reason);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no worker row ", id));
    return absl::OkStatus();
  });
}

absl::StatusOr<int> WorkerRepo::MarkLost() {
  int changed = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.MarkLost"}, [&](pqxx::work& tx) {
    changed = static_cast<int>(tx.exec("UPDATE workers SET state = 'lost' "
                                       "WHERE state NOT IN ('stopped', 'lost') "
                                       "AND last_heartbeat_at < now() - lost_after")
                                   .affected_rows());
    return absl::OkStatus();
  }));
  return changed;
}

absl::StatusOr<std::vector<WorkerRecord>> WorkerRepo::ListWorkers(std::chrono::seconds stopped_within) {
  std::vector<WorkerRecord> workers;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.ListWorkers", .read_only = true}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat("SELECT id, provider, instance_id, host, lease_owner, ", kEffectiveState,
                     ", concurrency, extract(epoch FROM started_at)::float8, "
                     "extract(epoch FROM last_heartbeat_at)::float8, "
                     "extract(epoch FROM now() - last_heartbeat_at)::float8, current_task_id, "
                     "extract(epoch FROM stopped_at)::float8, coalesce(exit_reason, '') "
                     "FROM workers "
                     "WHERE (state NOT IN ('stopped', 'lost') AND last_heartbeat_at >= now() - lost_after) "
                     "   OR last_heartbeat_at >= now() - $1::float8 * interval '1 second' "
                     "ORDER BY started_at DESC, id DESC LIMIT $2"),
        static_cast<double>(stopped_within.count()), kMaxListedWorkers);
    for (const auto& row : rows) {
      WorkerRecord w;
      w.id = row[0].as<int64_t>();
      w.provider = ParseWorkerProvider(row[1].as<std::string>()).value_or(WorkerProvider::kExternal);
      w.instance_id = row[2].as<std::string>();
      w.host = row[3].as<std::string>();
      w.lease_owner = row[4].as<std::string>();
      w.state = ParseWorkerState(row[5].as<std::string>()).value_or(WorkerState::kLost);
      w.concurrency = row[6].as<int>();
      w.started_at = FromEpochSeconds(row[7].as<double>());
      w.last_heartbeat_at = FromEpochSeconds(row[8].as<double>());
      w.heartbeat_age_seconds = row[9].as<double>();
      if (!row[10].is_null()) w.current_task_id = row[10].as<int64_t>();
      if (!row[11].is_null()) w.stopped_at = FromEpochSeconds(row[11].as<double>());
      w.exit_reason = row[12].as<std::string>();
      workers.push_back(std::move(w));
    }
    return absl::OkStatus();
  }));
  return workers;
}

absl::StatusOr<int> WorkerRepo::PruneWorkers(std::chrono::seconds age) {
  int deleted = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.PruneWorkers"}, [&](pqxx::work& tx) {
    deleted = static_cast<int>(
        tx.exec_params("DELETE FROM workers WHERE state IN ('stopped', 'lost') "
                       "AND greatest(stopped_at, last_heartbeat_at) < now() - $1::float8 * interval '1 second'",
                       static_cast<double>(age.count()))
            .affected_rows());
    return absl::OkStatus();
  }));
  return deleted;
}

absl::StatusOr<Backlog> WorkerRepo::ReadBacklog() {
  Backlog backlog;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.ReadBacklog", .read_only = true}, [&](pqxx::work& tx) {
    // A running task whose lease expired belongs to a dead worker: it is claimable again, so
    // it counts as queued, waiting since its lease expired.
    auto rows = tx.exec(
        "WITH t AS ("
        "  SELECT kind,"
        "         (state = 'queued' AND run_after <= now()) OR (state = 'running' AND lease_expires_at < now()) AS due,"
        "         state = 'queued' AND run_after > now() AS delayed,"
        "         state = 'running' AND lease_expires_at >= now() AS running,"
        "         CASE WHEN state = 'queued' THEN run_after ELSE lease_expires_at END AS due_since"
        "  FROM tasks WHERE state IN ('queued', 'running'))"
        "SELECT kind, count(*) FILTER (WHERE due), count(*) FILTER (WHERE delayed), count(*) FILTER (WHERE running),"
        "       coalesce(extract(epoch FROM now() - min(due_since) FILTER (WHERE due)), 0)::float8 "
        "FROM t GROUP BY kind ORDER BY kind");
    for (const auto& row : rows) {
      KindBacklog kind{.kind = row[0].as<std::string>(),
                       .queued = row[1].as<int64_t>(),
                       .delayed = row[2].as<int64_t>(),
                       .running = row[3].as<int64_t>(),
                       .oldest_queued_seconds = row[4].as<double>()};
      backlog.queued += kind.queued;
      backlog.delayed += kind.delayed;
      backlog.running += kind.running;
      backlog.oldest_queued_seconds = std::max(backlog.oldest_queued_seconds, kind.oldest_queued_seconds);
      backlog.kinds.push_back(std::move(kind));
    }
    return absl::OkStatus();
  }));
  return backlog;
}

absl::Status WorkerRepo::RecordDecision(const ScalingDecision& d) {
  if (d.queued < 0 || d.running < 0 || d.current_workers < 0 || d.desired_workers < 0 || d.count < 0) {
    return absl::InvalidArgumentError("a scaling decision's counts must not be negative");
  }
  return RunTransaction(db_, {.name = "worker_repo.RecordDecision"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO scaling_decisions (autoscaler, provider, queued, running, oldest_queued_seconds, "
        "  queued_by_kind, current_workers, desired_workers, action, count, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)",
        d.autoscaler, d.provider, d.queued, d.running, d.oldest_queued_seconds, d.queued_by_kind.dump(),
        d.current_workers, d.desired_workers, ScalingActionName(d.action), d.count, d.reason);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ScalingDecision>> WorkerRepo::RecentDecisions(int limit) {
  if (limit < 1 || limit > kMaxDecisions) {
    return absl::InvalidArgumentError(absl::StrCat("limit must be 1 to ", kMaxDecisions, ", got ", limit));
  }
  std::vector<ScalingDecision> decisions;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.RecentDecisions", .read_only = true}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "SELECT id, extract(epoch FROM decided_at)::float8, autoscaler, provider, queued, running, "
        "oldest_queued_seconds, queued_by_kind::text, current_workers, desired_workers, action, count, reason "
        "FROM scaling_decisions ORDER BY decided_at DESC, id DESC LIMIT $1",
        limit);
    for (const auto& row : rows) {
      ScalingDecision d;
      d.id = row[0].as<int64_t>();
      d.decided_at = FromEpochSeconds(row[1].as<double>());
      d.autoscaler = row[2].as<std::string>();
      d.provider = row[3].as<std::string>();
      d.queued = row[4].as<int64_t>();
      d.running = row[5].as<int64_t>();
      d.oldest_queued_seconds = row[6].as<double>();
      d.queued_by_kind = nlohmann::json::parse(row[7].as<std::string>());
      d.current_workers = row[8].as<int>();
      d.desired_workers = row[9].as<int>();
      d.action = ParseScalingAction(row[10].as<std::string>()).value_or(ScalingAction::kError);
      d.count = row[11].as<int>();
      d.reason = row[12].as<std::string>();
      decisions.push_back(std::move(d));
    }
    return absl::OkStatus();
  }));
  return decisions;
}

absl::StatusOr<int> WorkerRepo::PruneDecisions(std::chrono::seconds age) {
  int deleted = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "worker_repo.PruneDecisions"}, [&](pqxx::work& tx) {
    deleted = static_cast<int>(
        tx.exec_params("DELETE FROM scaling_decisions WHERE decided_at < now() - $1::float8 * interval '1 second'",
                       static_cast<double>(age.count()))
            .affected_rows());
    return absl::OkStatus();
  }));
  return deleted;
}

absl::Status WorkerRepo::RecordProbeRun(int64_t task_id, int attempt, const std::string& worker) {
  return RunTransaction(db_, {.name = "worker_repo.RecordProbeRun"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO task_probe_runs (task_id, first_worker, last_worker, last_attempt) VALUES ($1, $2, $2, $3) "
        "ON CONFLICT (task_id) DO UPDATE SET completions = task_probe_runs.completions + 1, "
        "  last_worker = EXCLUDED.last_worker, last_attempt = EXCLUDED.last_attempt, finished_at = now()",
        task_id, worker, attempt);
    return absl::OkStatus();
  });
}

}  // namespace jobrec::store
