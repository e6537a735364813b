// The task kind `llm.ideal_postings` (store::kIdealPostingsTaskKind): the LLM writes a few
// short postings of the ideal job of one profile version (llm::Generator, prompt
// ideal-postings-v1) and they are stored in ideal_postings for the fastText engine to fold
// into the profile vector (rank/ideal_postings.h). Payload {"user_id": N, "profile_version": V};
// queued by PUT /api/v1/profile when an LLM is configured and llm.ideal_postings is on
// (IdealPostingsEnqueuer below).
//
// At most once per (user, profile version): a version that already has postings makes no call,
// and a second store of the same version keeps the first. The calls count toward the user's
// daily LLM budget (llm.daily_budget_per_user, spend recorded in llm_usage).
//
// Handler results: OK when stored, already stored, the version is gone (the user was deleted),
// the profile does not parse, or the daily budget is spent (all logged; retrying would not help);
// FailedPrecondition when this process has no LLM configured; the provider's or the store's
// error otherwise (the queue retries with backoff).
//
// Thread-safety: the handler may run on several worker threads at once.
#pragma once

#include <functional>

#include "jobrec/common/status.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

struct IdealPostingsTaskOptions {
  int count = 3;                  // postings per profile version, 1..llm::kMaxIdealPostings
  double daily_budget_usd = 1.0;  // per user; <= 0: no limit
};

// llm.ideal_postings_count and llm.daily_budget_per_user.
IdealPostingsTaskOptions IdealPostingsTaskOptionsFrom(const llm::LlmOptions& options);

// The Database must outlive the registry. `runtime` not OK: the handler fails with its message.
absl::Status RegisterIdealPostingsTask(TaskHandlerRegistry& registry, store::Database& db,
                                       absl::StatusOr<llm::LlmRuntime> runtime, IdealPostingsTaskOptions options);

// What PUT /api/v1/profile calls after a save (api/profile_routes.h's hook): queues the task for
// (user, version), or does nothing when `enabled` is false (no LLM configured, or
// llm.ideal_postings off). A failed enqueue is logged, not returned: the profile is saved
// either way. The queue must outlive the function.
std::function<void(int64_t user_id, int profile_version)> IdealPostingsEnqueuer(store::TaskQueue& queue,
                                                                                 bool enabled);

}  // namespace jobrec::tasks
