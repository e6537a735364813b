// Which function runs a task of which kind. Filled once at start-up, before a Worker starts,
// then only read (thread-safe for readers).
//
// A handler may run more than once for the same task (a crashed worker's lease expires and
// another worker runs the task again), so it must make its effects idempotent: key them by
// the task id or by natural keys (INSERT ... ON CONFLICT, upserts) and commit them in one
// transaction, never half-done. See tasks/README.md.
//
// Return values: OK marks the task done. absl::InvalidArgumentError means the payload can
// never succeed: the task fails at once, without retries. absl::CancelledError while
// stop_requested() hands the task back unrun. Any other error is retried with backoff until
// the task's max_attempts, then it is dead with that error kept in last_error. Exceptions
// escaping a handler count as an Internal error (retried).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/tasks/task_context.h"

namespace jobrec::tasks {

using TaskHandler = std::function<absl::Status(const TaskContext& context, const nlohmann::json& payload)>;

class TaskHandlerRegistry {
 public:
  // InvalidArgument for an empty kind or handler; AlreadyExists when `kind` has one.
  absl::Status Register(const std::string& kind, TaskHandler handler);
  // Null when no handler is registered for `kind`.
  const TaskHandler* Find(const std::string& kind) const;
  std::vector<std::string> Kinds() const;  // sorted

 private:
  std::map<std::string, TaskHandler> handlers_;
};

}  // namespace jobrec::tasks
