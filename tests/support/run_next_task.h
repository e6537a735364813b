// Runs the next queued task in the test's own thread, as a worker would: claims it, calls its
// handler from `registry`, completes it when the handler succeeds. Header-only, for tests that
// link jobrec::tasks.
#pragma once

#include <chrono>

#include "absl/status/status.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_context.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::testing {

// The handler's status; NotFound when no task is queued, Internal when its kind has no handler.
inline absl::Status RunNextTask(store::TaskQueue& queue, const tasks::TaskHandlerRegistry& registry) {
  auto claimed = queue.Claim("test", std::chrono::minutes(1));
  if (!claimed.ok()) return claimed.status();
  if (!*claimed) return absl::NotFoundError("no task queued");
  tasks::TaskContext context((*claimed)->id, (*claimed)->kind, 1, 5);
  const tasks::TaskHandler* handler = registry.Find((*claimed)->kind);
  if (handler == nullptr) return absl::InternalError("no handler for " + (*claimed)->kind);
  absl::Status status = (*handler)(context, (*claimed)->payload);
  if (status.ok()) return queue.Complete(**claimed);
  return status;
}

}  // namespace jobrec::testing
