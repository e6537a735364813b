#include "jobrec/tasks/task_options.h"

#include "absl/strings/str_cat.h"

namespace jobrec::tasks {

std::vector<common::ConfigKey> TaskConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "tasks.lease_duration", .type = ConfigType::kDuration, .default_value = "30s",
       .help = "a claimed task returns to the queue this long after its worker's last heartbeat",
       .min = 1, .max = 86400},
      {.name = "tasks.heartbeat_interval", .type = ConfigType::kDuration, .default_value = "10s",
       .help = "how often a worker renews the leases of the tasks it runs (below the lease)",
       .min = 0.05, .max = 3600},
      {.name = "tasks.poll_interval", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "idle workers look for due tasks this often even without a notification",
       .min = 0.05, .max = 3600},
      {.name = "tasks.max_attempts", .type = ConfigType::kInt, .default_value = "5",
       .help = "attempts before a failing task is dead (tasks enqueued without their own limit)",
       .min = 1, .max = 1000},
      {.name = "tasks.backoff_base", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "retry delay after the first failure; doubles per attempt, with jitter",
       .min = 0, .max = 86400},
      {.name = "tasks.backoff_cap", .type = ConfigType::kDuration, .default_value = "10m",
       .help = "longest retry delay", .min = 0, .max = 7 * 86400},
      {.name = "tasks.worker_concurrency", .type = ConfigType::kInt, .default_value = "4",
       .help = "tasks a `jobrec worker` process runs at once", .min = 1, .max = 256},
      {.name = "tasks.inprocess_workers", .type = ConfigType::kInt, .default_value = "2",
       .help = "tasks `jobrec serve` runs at once itself (0: leave them to worker processes)",
       .min = 0, .max = 256},
  };
}

absl::Status ValidateWorkerOptions(const WorkerOptions& options) {
  if (options.concurrency < 0) return absl::InvalidArgumentError("worker concurrency must not be negative");
  if (options.lease.count() <= 0) {
    return absl::InvalidArgumentError("config key 'tasks.lease_duration': must be positive");
  }
  if (options.heartbeat.count() <= 0 || options.heartbeat >= options.lease) {
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'tasks.heartbeat_interval': ", options.heartbeat.count(),
        " ms must be positive and shorter than tasks.lease_duration (", options.lease.count(), " ms)"));
  }
  if (options.poll_interval.count() <= 0) {
    return absl::InvalidArgumentError("config key 'tasks.poll_interval': must be positive");
  }
  if (options.backoff_cap < options.backoff_base) {
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'tasks.backoff_cap': ", options.backoff_cap.count(),
        " ms is below tasks.backoff_base (", options.backoff_base.count(), " ms)"));
  }
  if (options.max_attempts < 1) return absl::InvalidArgumentError("config key 'tasks.max_attempts': must be at least 1");
  return absl::OkStatus();
}

absl::StatusOr<WorkerOptions> WorkerOptionsFromConfig(const common::Config& config, WorkerRole role) {
  WorkerOptions options;
  options.concurrency = static_cast<int>(
      config.GetInt(role == WorkerRole::kStandalone ? "tasks.worker_concurrency" : "tasks.inprocess_workers"));
  options.lease = config.GetDuration("tasks.lease_duration");
  options.heartbeat = config.GetDuration("tasks.heartbeat_interval");
  options.poll_interval = config.GetDuration("tasks.poll_interval");
  options.backoff_base = config.GetDuration("tasks.backoff_base");
  options.backoff_cap = config.GetDuration("tasks.backoff_cap");
  options.max_attempts = static_cast<int>(config.GetInt("tasks.max_attempts"));
  JOBREC_RETURN_IF_ERROR(ValidateWorkerOptions(options));
  return options;
}

}  // namespace jobrec::tasks
