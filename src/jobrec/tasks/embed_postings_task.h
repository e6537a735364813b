// The task kind `embed.postings` (rank::kEmbedPostingsTaskKind): embeds, in batches, every
// visible posting without a vector of the given model version (rank/embed_postings.h).
// Enqueue it after a sync or when a new model version is installed.
//
// Payload: {"model_version": "ft-…"}: a version directory under models_dir. A payload of
// another shape or a version that does not exist fails the task at once (InvalidArgument); a
// damaged model file (DataLoss) and database errors are retried. Idempotent: finished batches
// are upserts keyed by (posting, model version) and a re-run only picks what is still missing.
// A worker shutting down stops between batches and hands the task back.
//
// Thread-safety: the handler may run on several worker threads at once; loaded models are
// cached (one at a time) behind a mutex.
#pragma once

#include <string>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

// The Database must outlive the registry.
absl::Status RegisterEmbedTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                       const std::string& models_dir);

}  // namespace jobrec::tasks
