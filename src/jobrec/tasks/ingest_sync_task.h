// The task kind `ingest.sync` (store::kSyncTaskKind): syncs one source with the sync pipeline
// (ingest/sync.h). Enqueued by the scheduler (ingest/sync_scheduler.h), the admin API
// (POST /api/v1/admin/sources/{id}/sync) and anyone holding a TaskQueue (store::SyncTask).
//
// Payload: {"source_id": N}. A payload of another shape, an unknown source or a source whose
// configuration can never work (unknown kind, bad parameters) fails the task at once; provider
// and database errors are retried with the queue's backoff, and each attempt resumes the pass
// where the previous one stopped. Re-running a finished page is harmless (upserts), so the
// handler is idempotent. A worker shutting down stops the sync between pages and hands the task
// back.
#pragma once

#include "jobrec/common/status.h"
#include "jobrec/ingest/connector_factory.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/store/database.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

// Registers every ingest task kind (today: ingest.sync). Connectors get a libcurl HttpClient
// shared by the handler's runs. Errors of TaskHandlerRegistry::Register. The Database must
// outlive the registry.
absl::Status RegisterIngestTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                        const ingest::IngestOptions& options);
// The same with the connectors' dependencies given (tests: fake HTTP, fixed environment).
absl::Status RegisterIngestTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                        const ingest::IngestOptions& options, ingest::ConnectorDeps deps);

}  // namespace jobrec::tasks
