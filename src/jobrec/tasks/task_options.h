// Configuration of the task workers (tasks.* keys) and the options struct Worker takes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"

namespace jobrec::tasks {

struct WorkerOptions {
  int concurrency = 4;                              // tasks run at once (one thread each)
  std::chrono::milliseconds lease{30'000};          // how long a claim lasts without a heartbeat
  std::chrono::milliseconds heartbeat{10'000};      // lease renewal interval; below `lease`
  std::chrono::milliseconds poll_interval{5'000};   // idle re-check when no NOTIFY arrives
  std::chrono::milliseconds backoff_base{5'000};    // delay before the first retry
  std::chrono::milliseconds backoff_cap{600'000};   // longest delay between retries
  int max_attempts = 5;  // for tasks enqueued without their own limit (store::TaskQueue)
};

// Which concurrency key applies: `jobrec worker` processes or workers inside `jobrec serve`.
enum class WorkerRole { kStandalone, kInProcess };

// tasks.lease_duration (30s), tasks.heartbeat_interval (10s), tasks.poll_interval (5s),
// tasks.max_attempts (5), tasks.backoff_base (5s), tasks.backoff_cap (10m),
// tasks.worker_concurrency (4, for `jobrec worker`), tasks.inprocess_workers (2, for
// `jobrec serve`; 0 runs none).
std::vector<common::ConfigKey> TaskConfigKeys();

// InvalidArgument naming the key when values contradict each other: a heartbeat not shorter
// than the lease, a backoff cap below the base. For kInProcess, concurrency may be 0.
absl::StatusOr<WorkerOptions> WorkerOptionsFromConfig(const common::Config& config, WorkerRole role);

// The same checks on options built in code (tests, Worker::Start). InvalidArgument.
absl::Status ValidateWorkerOptions(const WorkerOptions& options);

}  // namespace jobrec::tasks
