// The task queue: rows of the `tasks` table (sql/migrations/0001_task_queue.sql) claimed with
// FOR UPDATE SKIP LOCKED under a time-limited lease. The worker loop that drives it lives in
// tasks/worker.h; other modules only Enqueue().
//
// Life of a task: Enqueue -> queued -> Claim -> running (attempts + 1, lease) -> Complete
// (done) | Fail (queued again after a backoff delay, or dead after max_attempts, or failed
// when permanent) | Release (queued, the attempt not counted). A lease that expires (the
// worker died) makes the task claimable again and the next claim counts as a new attempt, so
// a task can run more than once: handlers must be idempotent (see tasks/README.md).
// All times are the database server's clock.
//
// Thread-safe: each call is one short transaction on the Database's pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_retention.h"

namespace jobrec::store {

// Notification channel the tasks table's triggers NOTIFY on enqueue.
inline constexpr char kTaskChannel[] = "jobrec_tasks";

enum class TaskState { kQueued, kRunning, kDone, kFailed, kDead };
const char* TaskStateName(TaskState state);  // "queued", ...
std::optional<TaskState> ParseTaskState(const std::string& name);

struct NewTask {
  std::string kind;  // names the handler: "embed.batch"
  nlohmann::json payload = nlohmann::json::object();
  // While a task with this key is queued or running, enqueueing another is a no-op that
  // returns the pending one (periodic schedulers use it).
  std::optional<std::string> dedupe_key;
  int max_attempts = 0;  // 0: the queue's default
  std::chrono::milliseconds delay{0};  // run no earlier than now + delay
};

struct EnqueueResult {
  int64_t id = 0;
  bool created = false;  // false: a pending task with the same dedupe_key was returned
};

// What a worker holds between Claim and Complete/Fail/Release. (id, attempt, owner) name the
// lease: calls with a stale one (the lease expired and someone else claimed the task) fail.
struct ClaimedTask {
  int64_t id = 0;
  std::string kind;
  nlohmann::json payload;
  int attempt = 0;  // 1 on the first run
  int max_attempts = 0;
  std::string owner;
};

struct TaskRecord {
  int64_t id = 0;
  std::string kind;
  nlohmann::json payload;
  TaskState state = TaskState::kQueued;
  int attempts = 0;
  int max_attempts = 0;
  std::string lease_owner;          // last owner; empty if never claimed
  std::string last_error;           // empty if none
  nlohmann::json progress;          // null if never reported
  std::optional<std::string> dedupe_key;
  double run_after_in_seconds = 0;  // negative when already due
};

struct QueueDepth {
  std::string kind;
  TaskState state = TaskState::kQueued;
  int64_t count = 0;
};

struct QueueStats {
  std::vector<QueueDepth> depth;  // every (kind, state) with at least one task
  // Per kind: seconds since the oldest due queued task became due (0 when none is waiting).
  std::vector<std::pair<std::string, double>> oldest_due_age_seconds;
};

// One task a worker still holds, for Heartbeat.
struct HeldLease {
  int64_t id = 0;
  int attempt = 0;
  nlohmann::json progress;  // null: leave the stored progress alone
};

class TaskQueue {
 public:
  TaskQueue(Database& db, int default_max_attempts);

  // InvalidArgument for an empty or over-long kind or max_attempts < 0.
  absl::StatusOr<EnqueueResult> Enqueue(const NewTask& task);

  // Leases the next due task (queued with run_after <= now, or running with an expired lease)
  // to `owner` for `lease`; nullopt when none is due. Tasks whose lease expired on their last
  // attempt are first moved to dead. Unavailable/DeadlineExceeded when the database is down.
  absl::StatusOr<std::optional<ClaimedTask>> Claim(const std::string& owner, std::chrono::milliseconds lease);

  // Extends the leases `owner` still holds to now + lease and stores reported progress.
  // Returns the ids whose lease is still held; a missing id lost its lease (expired and
  // claimed elsewhere, or cancelled) and its handler should stop.
  absl::StatusOr<std::vector<int64_t>> Heartbeat(const std::string& owner, const std::vector<HeldLease>& held,
                                                 std::chrono::milliseconds lease);

  // done. FailedPrecondition when the lease was lost (the result is then discarded: the task's
  // current holder or its cancellation wins).
  absl::Status Complete(const ClaimedTask& task);

  // Records `error`. Permanent: state failed at once. Otherwise queued again after
  // `retry_delay`, or dead when this was the last attempt. Returns the new state;
  // FailedPrecondition when the lease was lost.
  absl::StatusOr<TaskState> Fail(const ClaimedTask& task, const std::string& error,
                                 std::chrono::milliseconds retry_delay, bool permanent);

  // Hands the task back unrun (a worker shutting down): queued, due now, attempt not counted.
  // FailedPrecondition when the lease was lost.
  absl::Status Release(const ClaimedTask& task);

  // Moves a queued or running task to failed with last_error "cancelled"; a running handler
  // learns it from its next heartbeat. NotFound for an unknown id, FailedPrecondition when the
  // task already finished.
  absl::Status Cancel(int64_t id);

  absl::StatusOr<TaskRecord> Get(int64_t id);  // NotFound for an unknown id
  absl::StatusOr<QueueStats> Stats();

  // Deletes done tasks that finished more than retention.done ago, and failed and dead ones
  // past retention.failed; queued and running tasks are never touched. Deletes in batches of
  // short transactions, so a first purge of a large backlog does not hold locks for long.
  // Returns how many rows were deleted. Unavailable/DeadlineExceeded when the database is down.
  absl::StatusOr<int64_t> PurgeFinished(const TaskRetention& retention);

  // Time until the next queued task becomes due or the next lease expires, whichever is first
  // (zero if already past); nullopt when neither exists. Idle workers sleep this long at most.
  absl::StatusOr<std::optional<std::chrono::milliseconds>> NextDueIn();

 private:
  Database& db_;
  const int default_max_attempts_;
};

}  // namespace jobrec::store
