#include "jobrec/store/task_retention.h"

namespace jobrec::store {

std::vector<common::ConfigKey> TaskRetentionConfigKeys() {
  using common::ConfigType;
  // At least a minute: a shorter retention could delete a task while its enqueuer still reads it.
  constexpr double kMinSeconds = 60;
  constexpr double kMaxSeconds = 3650.0 * 86400;
  return {
      {.name = "tasks.done_retention", .type = ConfigType::kDuration, .default_value = "7d",
       .help = "how long tasks that finished successfully stay in the tasks table",
       .min = kMinSeconds, .max = kMaxSeconds},
      {.name = "tasks.failed_retention", .type = ConfigType::kDuration, .default_value = "30d",
       .help = "how long dead-lettered, failed and cancelled tasks stay in the tasks table",
       .min = kMinSeconds, .max = kMaxSeconds},
  };
}

TaskRetention TaskRetentionFromConfig(const common::Config& config) {
  return {.done = config.GetDuration("tasks.done_retention"),
          .failed = config.GetDuration("tasks.failed_retention")};
}

}  // namespace jobrec::store
