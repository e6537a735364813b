// The task kind `feedback.train_ranker` (kRankerTrainTaskKind): trains the learned ranker's
// global model on every user's ratings and each rating user's model shrunk toward it, and
// stores them (rank/ranker_training.h). Payload {"model_version": "<fastText version id>"}:
// the features' cosines are of that model, loaded from `models_dir`.
//
// Queued when a review is saved or deleted (RankerTrainEnqueuer, the hook of
// api/review_routes.h) with a dedupe key per model version and a short delay, so a burst of
// reviews makes one training. A review saved while the training runs is learned at the next
// training (the running task is the pending one for the dedupe key).
//
// Handler results: OK when trained or when too few ratings to train (logged); InvalidArgument
// for a bad payload or a version not under models_dir; the store's errors (retried).
//
// Thread-safety: the handler may run on several worker threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

inline constexpr char kRankerTrainTaskKind[] = "feedback.train_ranker";
// How long a queued training waits for more reviews before it runs.
inline constexpr std::chrono::milliseconds kRankerTrainDelay{std::chrono::seconds(10)};

// The task of `model_version`, with its dedupe key and delay.
store::NewTask RankerTrainTask(const std::string& model_version);

// The Database must outlive the registry.
absl::Status RegisterRankerTrainTask(TaskHandlerRegistry& registry, store::Database& db,
                                     const std::string& models_dir);

// What the review routes call after a review is saved or deleted: queues the training for the
// model version `model_version()` returns, or does nothing while it returns "" (the engine is
// warming up; the next review queues it). A failed enqueue is logged, not returned: the review
// is saved either way. The queue must outlive the function.
std::function<void(int64_t user_id)> RankerTrainEnqueuer(store::TaskQueue& queue,
                                                         std::function<std::string()> model_version);

}  // namespace jobrec::tasks
