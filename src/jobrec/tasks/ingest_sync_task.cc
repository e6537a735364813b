#include "jobrec/tasks/ingest_sync_task.h"

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/sync.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::tasks {
namespace {

absl::StatusOr<int64_t> SourceIdOf(const nlohmann::json& payload) {
  const std::string kind = store::kSyncTaskKind;
  if (!payload.is_object()) return absl::InvalidArgumentError(kind + " payload must be an object");
  for (const auto& [key, value] : payload.items()) {
    if (key != "source_id") {
      return absl::InvalidArgumentError(absl::StrCat(kind, ": unknown payload field '", key, "'"));
    }
  }
  const auto it = payload.find("source_id");
  if (it == payload.end() || !it->is_number_integer() || it->get<int64_t>() < 1) {
    return absl::InvalidArgumentError(kind + ": 'source_id' must be a positive integer");
  }
  return it->get<int64_t>();
}

}  // namespace

absl::Status RegisterIngestTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                        const ingest::IngestOptions& options) {
  return RegisterIngestTaskHandlers(registry, db, options,
                                    ingest::ConnectorDeps{.http = common::NewCurlHttpClient()});
}

absl::Status RegisterIngestTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                        const ingest::IngestOptions& options, ingest::ConnectorDeps deps) {
  auto runner = std::make_shared<ingest::SyncRunner>(db, ingest::SourceConnectorOpener(std::move(deps)));
  const int expire_after = options.expire_after_missed_syncs;
  return registry.Register(
      store::kSyncTaskKind,
      [runner, expire_after](const TaskContext& context, const nlohmann::json& payload) -> absl::Status {
        JOBREC_ASSIGN_OR_RETURN(int64_t source_id, SourceIdOf(payload));
        ingest::SyncOptions sync{.expire_after_missed_syncs = expire_after, .task_id = context.task_id()};
        sync.stop_requested = [&context] { return context.stop_requested(); };
        sync.on_page = [&context](const store::SyncRunRecord& run) {
          context.ReportProgress(
              0, absl::StrCat(run.pages, " pages: ", run.inserted, " new, ", run.updated, " updated, ",
                              run.unchanged, " unchanged, ", run.rejected, " rejected"));
        };
        absl::StatusOr<store::SyncRunRecord> run = runner->Run(source_id, sync);
        // Retrying cannot create the source; the task is about a source that was deleted.
        if (absl::IsNotFound(run.status())) return absl::InvalidArgumentError(run.status().message());
        return run.status();
      });
}

}  // namespace jobrec::tasks
