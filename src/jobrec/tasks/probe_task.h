// The built-in task kind `system.probe`: waits `ms` milliseconds, then records that it ran in
// task_probe_runs (sql/migrations/0061_task_probes.sql). It changes nothing else, so an
// operator can enqueue probes to check a worker fleet end to end, and the scaling tests use
// it as their workload: the row per task is the idempotent effect, its `completions` counter
// shows a task that ran to completion more than once.
//
// Payload: {"ms": N} with 0 <= N <= 600000 (default 0). Anything else fails the task at once
// (InvalidArgument). A worker shutting down interrupts the wait and hands the task back.
#pragma once

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

inline constexpr char kProbeTaskKind[] = "system.probe";

// Errors of TaskHandlerRegistry::Register. The Database must outlive the registry.
absl::Status RegisterProbeTask(TaskHandlerRegistry& registry, store::Database& db);

}  // namespace jobrec::tasks
