#include "jobrec/store/task_queue.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

constexpr size_t kMaxKindLength = 200;
// Enough for a useful error; a handler that returns a megabyte of text should not bloat rows.
constexpr size_t kMaxErrorLength = 8000;

// Due queued tasks first by due time, then leases that expired (a dead worker's tasks).
constexpr char kClaimSql[] = R"(
WITH next AS (
  SELECT id FROM tasks
  WHERE (state = 'queued' AND run_after <= now())
     OR (state = 'running' AND lease_expires_at < now())
  ORDER BY run_after, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
UPDATE tasks t
SET state = 'running',
    attempts = t.attempts + 1,
    lease_owner = $1,
    lease_expires_at = now() + $2::float8 * interval '1 millisecond',
    last_error = CASE WHEN t.state = 'running'
                      THEN 'lease of ' || t.lease_owner || ' expired during attempt ' || t.attempts
                      ELSE t.last_error END,
    progress = NULL,
    updated_at = now()
FROM next
WHERE t.id = next.id
RETURNING t.id, t.kind, t.payload::text, t.attempts, t.max_attempts)";

// A running task whose lease expired on its last attempt is not run again.
constexpr char kBuryExpiredSql[] = R"(
UPDATE tasks
SET state = 'dead',
    last_error = 'lease of ' || lease_owner || ' expired during the last attempt (' || attempts ||
                 ' of ' || max_attempts || '); the worker probably died',
    lease_expires_at = NULL,
    finished_at = now(),
    updated_at = now()
WHERE id IN (SELECT id FROM tasks
             WHERE state = 'running' AND lease_expires_at < now() AND attempts >= max_attempts
             FOR UPDATE SKIP LOCKED))";

constexpr char kHeartbeatSql[] = R"(
UPDATE tasks t
SET lease_expires_at = now() + $2::float8 * interval '1 millisecond',
    progress = COALESCE(h.progress, t.progress),
    updated_at = now()
FROM jsonb_to_recordset($3::jsonb) AS h(id bigint, attempt integer, progress jsonb)
WHERE t.id = h.id AND t.attempts = h.attempt AND t.lease_owner = $1 AND t.state = 'running'
RETURNING t.id)";

// One batch of PurgeFinished: $1 and $2 are the done and failed/dead retentions in ms, $3 the
// batch size. SKIP LOCKED: a row another transaction holds is taken by the next purge.
constexpr char kPurgeFinishedSql[] = R"(
DELETE FROM tasks
WHERE id IN (SELECT id FROM tasks
             WHERE (state = 'done' AND finished_at < now() - $1::float8 * interval '1 millisecond')
                OR (state IN ('failed', 'dead')
                    AND finished_at < now() - $2::float8 * interval '1 millisecond')
             LIMIT $3
             FOR UPDATE SKIP LOCKED))";
constexpr int64_t kPurgeBatch = 5'000;

// The lease named by ($1 id, $2 attempt, $3 owner) still holds.
constexpr char kLeaseHeld[] = "id = $1 AND attempts = $2 AND lease_owner = $3 AND state = 'running'";

absl::Status LeaseLost(const ClaimedTask& task) {
  return absl::FailedPreconditionError(absl::StrCat(
      "task ", task.id, " attempt ", task.attempt, ": lease of ", task.owner,
      " was lost (it expired and another worker claimed the task, or the task was cancelled)"));
}

nlohmann::json ParseJson(const pqxx::field& field) {
  if (field.is_null()) return nullptr;
  return nlohmann::json::parse(field.as<std::string>());
}

}  // namespace

const char* TaskStateName(TaskState state) {
  switch (state) {
    case TaskState::kQueued:
      return "queued";
    case TaskState::kRunning:
      return "running";
    case TaskState::kDone:
      return "done";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kDead:
      return "dead";
  }
  return "queued";
}

std::optional<TaskState> ParseTaskState(const std::string& name) {
  for (TaskState state : {TaskState::kQueued, TaskState::kRunning, TaskState::kDone, TaskState::kFailed,
                          TaskState::kDead}) {
    if (name == TaskStateName(state)) return state;
  }
  return std::nullopt;
}

TaskQueue::TaskQueue(Database& db, int default_max_attempts)
    : db_(db), default_max_attempts_(default_max_attempts) {}

absl::StatusOr<EnqueueResult> TaskQueue::Enqueue(const NewTask& task) {
  if (task.kind.empty() || task.kind.size() > kMaxKindLength) {
    return absl::InvalidArgumentError(absl::StrCat("task kind must be 1 to ", kMaxKindLength, " characters"));
  }
  if (task.max_attempts < 0) return absl::InvalidArgumentError("max_attempts must not be negative");
  if (task.delay.count() < 0) return absl::InvalidArgumentError("delay must not be negative");
  const int max_attempts = task.max_attempts > 0 ? task.max_attempts : default_max_attempts_;
  EnqueueResult result;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Enqueue"}, [&](pqxx::work& tx) {
    // A pending duplicate may finish between the insert and the lookup; the second round
    // then inserts.
    for (int round = 0; round < 2; ++round) {
      auto inserted = tx.exec_params(
          "INSERT INTO tasks (kind, payload, dedupe_key, max_attempts, run_after) "
          "VALUES ($1, $2::jsonb, $3, $4, now() + $5::float8 * interval '1 millisecond') "
          "ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running') "
          "DO NOTHING RETURNING id",
          task.kind, task.payload.dump(), task.dedupe_key, max_attempts,
          static_cast<int64_t>(task.delay.count()));
      if (!inserted.empty()) {
        result = {inserted[0][0].as<int64_t>(), true};
        return absl::OkStatus();
      }
      auto pending = tx.exec_params(
          "SELECT id FROM tasks WHERE dedupe_key = $1 AND state IN ('queued', 'running')", task.dedupe_key);
      if (!pending.empty()) {
        result = {pending[0][0].as<int64_t>(), false};
        return absl::OkStatus();
      }
    }
    return absl::AbortedError("task_queue.Enqueue: dedupe_key kept conflicting; try again");
  }));
  return result;
}

absl::StatusOr<std::optional<ClaimedTask>> TaskQueue::Claim(const std::string& owner,
                                                            std::chrono::milliseconds lease) {
  std::optional<ClaimedTask> claimed;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Claim"}, [&](pqxx::work& tx) {
    tx.exec(kBuryExpiredSql);
    auto rows = tx.exec_params(kClaimSql, owner, static_cast<int64_t>(lease.count()));
    if (rows.empty()) return absl::OkStatus();
    const auto& row = rows[0];
    claimed = ClaimedTask{.id = row[0].as<int64_t>(),
                          .kind = row[1].as<std::string>(),
                          .payload = ParseJson(row[2]),
                          .attempt = row[3].as<int>(),
                          .max_attempts = row[4].as<int>(),
                          .owner = owner};
    return absl::OkStatus();
  }));
  return claimed;
}

absl::StatusOr<std::vector<int64_t>> TaskQueue::Heartbeat(const std::string& owner,
                                                          const std::vector<HeldLease>& held,
                                                          std::chrono::milliseconds lease) {
  std::vector<int64_t> still_held;
  if (held.empty()) return still_held;
  nlohmann::json records = nlohmann::json::array();
  for (const auto& h : held) records.push_back({{"id", h.id}, {"attempt", h.attempt}, {"progress", h.progress}});
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Heartbeat"}, [&](pqxx::work& tx) {
    for (const auto& row : tx.exec_params(kHeartbeatSql, owner, static_cast<int64_t>(lease.count()), records.dump())) {
      still_held.push_back(row[0].as<int64_t>());
    }
    return absl::OkStatus();
  }));
  return still_held;
}

absl::Status TaskQueue::Complete(const ClaimedTask& task) {
  return RunTransaction(db_, {.name = "task_queue.Complete"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat("UPDATE tasks SET state = 'done', lease_expires_at = NULL, finished_at = now(), "
                     "updated_at = now() WHERE ", kLeaseHeld, " RETURNING id"),
        task.id, task.attempt, task.owner);
    return rows.empty() ? LeaseLost(task) : absl::OkStatus();
  });
}

absl::StatusOr<TaskState> TaskQueue::Fail(const ClaimedTask& task, const std::string& error,
                                          std::chrono::milliseconds retry_delay, bool permanent) {
  std::string stored = error.size() > kMaxErrorLength ? error.substr(0, kMaxErrorLength) + "…" : error;
  TaskState state = TaskState::kQueued;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Fail"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat(
            "WITH next AS (SELECT id, CASE WHEN $4 THEN 'failed' WHEN attempts >= max_attempts THEN 'dead' "
            "                              ELSE 'queued' END AS state "
            "              FROM tasks WHERE ", kLeaseHeld, " FOR UPDATE) "
            "UPDATE tasks t SET state = next.state, last_error = $5, lease_expires_at = NULL, updated_at = now(), "
            "  run_after = CASE WHEN next.state = 'queued' THEN now() + $6::float8 * interval '1 millisecond' "
            "                   ELSE t.run_after END, "
            "  finished_at = CASE WHEN next.state = 'queued' THEN NULL ELSE now() END "
            "FROM next WHERE t.id = next.id RETURNING t.state"),
        task.id, task.attempt, task.owner, permanent, stored, static_cast<int64_t>(retry_delay.count()));
    if (rows.empty()) return LeaseLost(task);
    state = *ParseTaskState(rows[0][0].as<std::string>());
    return absl::OkStatus();
  }));
  return state;
}

absl::Status TaskQueue::Release(const ClaimedTask& task) {
  return RunTransaction(db_, {.name = "task_queue.Release"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        absl::StrCat("UPDATE tasks SET state = 'queued', attempts = attempts - 1, run_after = now(), "
                     "lease_expires_at = NULL, updated_at = now() WHERE ", kLeaseHeld, " RETURNING id"),
        task.id, task.attempt, task.owner);
    return rows.empty() ? LeaseLost(task) : absl::OkStatus();
  });
}

absl::StatusOr<int64_t> TaskQueue::PurgeFinished(const TaskRetention& retention) {
  int64_t purged = 0;
  int64_t batch = 0;
  do {
    JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.PurgeFinished"}, [&](pqxx::work& tx) {
      batch = tx.exec_params(kPurgeFinishedSql, static_cast<int64_t>(retention.done.count()),
                             static_cast<int64_t>(retention.failed.count()), kPurgeBatch)
                  .affected_rows();
      return absl::OkStatus();
    }));
    purged += batch;
  } while (batch == kPurgeBatch);
  return purged;
}

absl::Status TaskQueue::Cancel(int64_t id) {
  return RunTransaction(db_, {.name = "task_queue.Cancel"}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "UPDATE tasks SET state = 'failed', last_error = 'cancelled', lease_expires_at = NULL, "
        "finished_at = now(), updated_at = now() WHERE id = $1 AND state IN ('queued', 'running') RETURNING id",
        id);
    if (!rows.empty()) return absl::OkStatus();
    auto existing = tx.exec_params("SELECT state FROM tasks WHERE id = $1", id);
    if (existing.empty()) return absl::NotFoundError(absl::StrCat("no task ", id));
    return absl::FailedPreconditionError(
        absl::StrCat("task ", id, " already finished (", existing[0][0].as<std::string>(), ")"));
  });
}

absl::StatusOr<TaskRecord> TaskQueue::Get(int64_t id) {
  TaskRecord record;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Get", .read_only = true}, [&](pqxx::work& tx) {
    auto rows = tx.exec_params(
        "SELECT id, kind, payload::text, state, attempts, max_attempts, coalesce(lease_owner, ''), "
        "coalesce(last_error, ''), progress::text, dedupe_key, "
        "extract(epoch FROM run_after - now())::float8 FROM tasks WHERE id = $1",
        id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("no task ", id));
    const auto& row = rows[0];
    record = TaskRecord{.id = row[0].as<int64_t>(),
                        .kind = row[1].as<std::string>(),
                        .payload = ParseJson(row[2]),
                        .state = *ParseTaskState(row[3].as<std::string>()),
                        .attempts = row[4].as<int>(),
                        .max_attempts = row[5].as<int>(),
                        .lease_owner = row[6].as<std::string>(),
                        .last_error = row[7].as<std::string>(),
                        .progress = ParseJson(row[8]),
                        .dedupe_key = row[9].is_null() ? std::nullopt
                                                       : std::optional<std::string>(row[9].as<std::string>()),
                        .run_after_in_seconds = row[10].as<double>()};
    return absl::OkStatus();
  }));
  return record;
}

absl::StatusOr<QueueStats> TaskQueue::Stats() {
  QueueStats stats;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.Stats", .read_only = true}, [&](pqxx::work& tx) {
    for (const auto& row : tx.exec("SELECT kind, state, count(*) FROM tasks GROUP BY kind, state ORDER BY kind, state")) {
      stats.depth.push_back({row[0].as<std::string>(), *ParseTaskState(row[1].as<std::string>()), row[2].as<int64_t>()});
    }
    for (const auto& row : tx.exec(
             "SELECT kind, extract(epoch FROM now() - min(run_after))::float8 FROM tasks "
             "WHERE state = 'queued' AND run_after <= now() GROUP BY kind ORDER BY kind")) {
      stats.oldest_due_age_seconds.emplace_back(row[0].as<std::string>(), row[1].as<double>());
    }
    return absl::OkStatus();
  }));
  return stats;
}

absl::StatusOr<std::optional<std::chrono::milliseconds>> TaskQueue::NextDueIn() {
  std::optional<std::chrono::milliseconds> due;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "task_queue.NextDueIn", .read_only = true}, [&](pqxx::work& tx) {
    auto row = tx.exec(
        "SELECT CASE WHEN due IS NULL THEN NULL "
        "            ELSE greatest(0, extract(epoch FROM due - now()) * 1000)::bigint END "
        "FROM (SELECT least((SELECT min(run_after) FROM tasks WHERE state = 'queued'),"
        "                   (SELECT min(lease_expires_at) FROM tasks WHERE state = 'running')) AS due) s")[0];
    if (!row[0].is_null()) due = std::chrono::milliseconds(row[0].as<int64_t>());
    return absl::OkStatus();
  }));
  return due;
}

}  // namespace jobrec::store
