// The task kind `feedback.comment_reasons` (store::kCommentReasonsTaskKind), the LLM half of
// issue #7 point 4: the LLM names the reasons each pending review comment of one user gives
// (llm::Generator::ExtractCommentReasons, prompt comment-reasons-v1), they are stored in
// review_reasons, and the user's proposed rules are recounted (feedback/rule_proposals.h, which
// then prefers them to the lexicon's). Payload {"user_id": N}; queued after every review save or
// delete when an LLM is configured (CommentReasonsEnqueuer below). Without an LLM nothing is
// queued and the lexicon alone proposes rules.
//
// Pending reviews (store::ReviewReasonsRepo::Pending): negative, commented, and without stored
// reasons for the current comment; at most `max_reviews` per run, the next review saved queues
// the rest. Each comment costs one call (two with the repair) toward the user's daily LLM budget
// (llm.daily_budget_per_user, spend recorded in llm_usage).
//
// Handler results: OK when done, also when a reply stays malformed after the repair (that review
// stores nothing and keeps the lexicon's reasons; logged) or the daily budget is spent (logged);
// FailedPrecondition when this process has no LLM configured; InvalidArgument for a bad
// payload; the provider's or the store's error otherwise (the queue retries with backoff;
// reasons stored before the error are kept).
//
// Thread-safety: the handler may run on several worker threads at once.
#pragma once

#include <cstdint>
#include <functional>

#include "jobrec/common/status.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

struct CommentReasonsTaskOptions {
  int max_reviews = 50;           // comments sent to the LLM per run
  double daily_budget_usd = 1.0;  // per user; <= 0: no limit
};

// llm.daily_budget_per_user.
CommentReasonsTaskOptions CommentReasonsTaskOptionsFrom(const llm::LlmOptions& options);

// The Database must outlive the registry. `runtime` not OK: the handler fails with its message.
absl::Status RegisterCommentReasonsTask(TaskHandlerRegistry& registry, store::Database& db,
                                        absl::StatusOr<llm::LlmRuntime> runtime, CommentReasonsTaskOptions options);

// A review hook (api/review_routes.h's ReviewChanged) that calls `then` (when set) and queues
// the task for the user when `enabled` (an LLM is configured). A failed enqueue is logged, not
// returned: the review is saved either way. The queue must outlive the function.
std::function<void(int64_t user_id)> CommentReasonsEnqueuer(store::TaskQueue& queue, bool enabled,
                                                            std::function<void(int64_t user_id)> then = {});

}  // namespace jobrec::tasks
