#include "jobrec/ingest/sync_scheduler.h"

#include "jobrec/common/log.h"
#include "jobrec/ingest/posting_record.h"
#include "jobrec/store/posting_writer.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::ingest {

SyncScheduler::SyncScheduler(store::Database& db, store::TaskQueue& queue, SyncSchedulerOptions options)
    : db_(db), queue_(queue), options_(options) {}

SyncScheduler::~SyncScheduler() { Stop().IgnoreError(); }

absl::Status SyncScheduler::Start() {
  if (thread_.joinable()) return absl::FailedPreconditionError("the sync scheduler is already running");
  if (options_.interval.count() <= 0) {
    return absl::InvalidArgumentError("config key 'ingest.scheduler_interval': must be positive");
  }
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
  return absl::OkStatus();
}

absl::Status SyncScheduler::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  return absl::OkStatus();
}

absl::StatusOr<int> SyncScheduler::TickOnce() {
  store::SourceRepo sources(db_);
  JOBREC_ASSIGN_OR_RETURN(std::vector<int64_t> due, sources.ClaimDue());
  int created = 0;
  for (int64_t source_id : due) {
    absl::StatusOr<store::EnqueueResult> enqueued = queue_.Enqueue(store::SyncTask(source_id));
    if (!enqueued.ok()) {
      log::Warn("ingest.schedule_failed",
                {{"source_id", source_id}, {"error", enqueued.status().ToString()}});
      if (absl::Status unclaimed = sources.Unclaim(source_id); !unclaimed.ok()) {
        log::Warn("ingest.unclaim_failed", {{"source_id", source_id}, {"error", unclaimed.ToString()}});
      }
      continue;
    }
    if (enqueued->created) ++created;
    log::Info("ingest.sync_scheduled",
              {{"source_id", source_id}, {"task_id", enqueued->id}, {"new_task", enqueued->created}});
  }
  // Postings past their date leave the listings even when no sync of their source runs.
  store::PostingWriter writer(db_, NewDuplicateResolver());
  JOBREC_ASSIGN_OR_RETURN(int64_t expired, writer.ExpirePastDue());
  if (expired > 0) log::Info("ingest.postings_expired", {{"count", expired}});
  JOBREC_ASSIGN_OR_RETURN(int64_t purged, queue_.PurgeFinished(options_.task_retention));
  if (purged > 0) log::Info("tasks.finished_purged", {{"count", purged}});
  return created;
}

void SyncScheduler::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (absl::StatusOr<int> tick = TickOnce(); !tick.ok()) {
      log::Warn("ingest.scheduler_tick_failed", {{"error", tick.status().ToString()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, options_.interval, [] { return false; });
  }
}

}  // namespace jobrec::ingest
