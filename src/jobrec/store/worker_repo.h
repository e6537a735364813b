// The workers and scaling_decisions tables (sql/migrations/0060_workers.sql) and the view of
// the task backlog the autoscaler decides from.
//
// Writers: each `jobrec worker` process writes its own row (tasks/worker_registration.h); the
// autoscaler marks lost workers and records its decisions (tasks/autoscaler.h). Readers: the
// autoscaler, `jobrec scale status` and the admin API.
//
// Thread-safe: each call is one short transaction on the Database's pool. Every call returns
// Unavailable/DeadlineExceeded when the database cannot be reached.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

enum class WorkerProvider { kLocal, kEc2, kExternal };
const char* WorkerProviderName(WorkerProvider provider);  // "local", "ec2", "external"
std::optional<WorkerProvider> ParseWorkerProvider(const std::string& name);

enum class WorkerState { kStarting, kIdle, kBusy, kDraining, kStopped, kLost };
const char* WorkerStateName(WorkerState state);  // "starting", ...
std::optional<WorkerState> ParseWorkerState(const std::string& name);

using TimePoint = std::chrono::system_clock::time_point;

struct WorkerRegistration {
  WorkerProvider provider = WorkerProvider::kExternal;
  std::string instance_id;  // pid, EC2 instance id or pod name; not empty
  std::string host;
  std::string lease_owner;  // tasks::Worker::owner(); unique
  int concurrency = 1;
  // The row reads as lost once its heartbeat is older than this (N x the heartbeat interval).
  std::chrono::milliseconds lost_after{15'000};
};

struct WorkerRecord {
  int64_t id = 0;
  WorkerProvider provider = WorkerProvider::kExternal;
  std::string instance_id;
  std::string host;
  std::string lease_owner;
  // As stored, except that a live state whose heartbeat is older than lost_after reads as
  // kLost even before the autoscaler writes it.
  WorkerState state = WorkerState::kStarting;
  int concurrency = 1;
  TimePoint started_at;
  TimePoint last_heartbeat_at;
  double heartbeat_age_seconds = 0;  // on the database clock
  std::optional<int64_t> current_task_id;
  std::optional<TimePoint> stopped_at;
  std::string exit_reason;  // empty unless stopped
};

// What is waiting and running, per task kind.
struct KindBacklog {
  std::string kind;
  int64_t queued = 0;   // due now: queued with run_after <= now, or running with an expired lease
  int64_t delayed = 0;  // queued for later (retry backoff, delayed enqueue)
  int64_t running = 0;  // running under a live lease
  double oldest_queued_seconds = 0;  // how long the oldest due one has waited
};

struct Backlog {
  std::vector<KindBacklog> kinds;  // kinds with at least one queued, delayed or running task
  int64_t queued = 0;
  int64_t delayed = 0;
  int64_t running = 0;
  double oldest_queued_seconds = 0;
};

enum class ScalingAction { kStart, kStop, kSteady, kHold, kExternal, kError };
const char* ScalingActionName(ScalingAction action);  // "start", ...
std::optional<ScalingAction> ParseScalingAction(const std::string& name);

struct ScalingDecision {
  int64_t id = 0;         // set by RecentDecisions
  TimePoint decided_at;   // set by RecentDecisions (the database's now() at insert)
  std::string autoscaler; // "<host>:<pid>"
  std::string provider;   // "local", "ec2", "none"
  int64_t queued = 0;
  int64_t running = 0;
  double oldest_queued_seconds = 0;
  nlohmann::json queued_by_kind = nlohmann::json::object();  // {"embed.batch": 312}
  int current_workers = 0;
  int desired_workers = 0;
  ScalingAction action = ScalingAction::kSteady;
  int count = 0;  // workers started or stopped
  std::string reason;
};

class WorkerRepo {
 public:
  explicit WorkerRepo(Database& db) : db_(db) {}

  // Inserts the row (state starting) and returns its id. InvalidArgument for an empty
  // instance_id or lease_owner, concurrency < 1 or lost_after <= 0; AlreadyExists when the
  // lease owner is registered already.
  absl::StatusOr<int64_t> Register(const WorkerRegistration& worker);

  // Renews the heartbeat and sets `state` (idle, busy or draining); current_task_id becomes
  // the lowest id of the running tasks this worker's lease owner holds (null when none). A row
  // that was marked lost comes back. InvalidArgument for another state; NotFound when the row
  // does not exist or is stopped already.
  absl::Status Heartbeat(int64_t id, WorkerState state);

  // state stopped, stopped_at now, current task cleared. `exit_reason`: "drain", "idle",
  // "error". NotFound for an unknown id. Idempotent: a stopped row keeps its first stop.
  absl::Status MarkStopped(int64_t id, const std::string& exit_reason);

  // Writes state lost on every live row whose heartbeat is older than its lost_after;
  // returns how many changed.
  absl::StatusOr<int> MarkLost();

  // Live workers (not stopped, heartbeat within lost_after) and those that stopped or fell
  // silent (lost) within `stopped_within`, newest first. At most 1000 rows.
  absl::StatusOr<std::vector<WorkerRecord>> ListWorkers(
      std::chrono::seconds stopped_within = std::chrono::hours(1));

  // Deletes stopped/lost rows whose last sign of life is older than `age`; returns how many.
  absl::StatusOr<int> PruneWorkers(std::chrono::seconds age);

  absl::StatusOr<Backlog> ReadBacklog();

  // Appends one row; decided_at is the database's now(). InvalidArgument for negative counts.
  absl::Status RecordDecision(const ScalingDecision& decision);

  // Newest first. InvalidArgument unless 1 <= limit <= 1000.
  absl::StatusOr<std::vector<ScalingDecision>> RecentDecisions(int limit);

  // Deletes decisions older than `age`; returns how many.
  absl::StatusOr<int> PruneDecisions(std::chrono::seconds age);

  // The system.probe task's effect (0061_task_probes.sql): inserts the task's row, or counts
  // one more completion when it exists. `worker` is "<host>:<pid>" of the running process.
  absl::Status RecordProbeRun(int64_t task_id, int attempt, const std::string& worker);

 private:
  Database& db_;
};

}  // namespace jobrec::store
