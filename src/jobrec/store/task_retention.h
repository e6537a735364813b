// How long finished tasks stay in the tasks table before TaskQueue::PurgeFinished deletes
// them. Tasks that finished without success (dead-lettered after their last attempt, or failed:
// cancelled or rejected as invalid) are kept longer than done ones, since they are what an
// operator looks at when something went wrong.
//
// Keys: tasks.done_retention (7d), tasks.failed_retention (30d; failed and dead tasks).
#pragma once

#include <chrono>
#include <vector>

#include "jobrec/common/config.h"

namespace jobrec::store {

struct TaskRetention {
  std::chrono::milliseconds done = std::chrono::days(7);
  std::chrono::milliseconds failed = std::chrono::days(30);  // failed and dead tasks
};

std::vector<common::ConfigKey> TaskRetentionConfigKeys();

// Reads the keys above from a Config loaded with them (the key's range check already ran).
TaskRetention TaskRetentionFromConfig(const common::Config& config);

}  // namespace jobrec::store
