// Enqueues due source syncs as ingest.sync tasks, and expires postings past their expires_at,
// once every `interval`, on a thread of its own; `jobrec serve` runs one per replica. The same
// tick deletes finished tasks past their retention (store::TaskQueue::PurgeFinished).
//
// A source is due when it is enabled, has an interval, and its next_sync_at has come (or was
// never set). The claim (SourceRepo::ClaimDue) moves next_sync_at one interval ahead in the
// same statement, so however many replicas run a scheduler, each slot is enqueued once; the
// task's dedupe key (store::SyncTask) also keeps a second task from being queued while one is
// pending. The tasks run on workers (tasks/ingest_sync_task.h).
//
// Thread-safety: Start/Stop from one owning thread; TickOnce may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::ingest {

struct SyncSchedulerOptions {
  std::chrono::milliseconds interval{60'000};  // ingest.scheduler_interval
  store::TaskRetention task_retention;         // tasks.done_retention, tasks.failed_retention
};

class SyncScheduler {
 public:
  SyncScheduler(store::Database& db, store::TaskQueue& queue, SyncSchedulerOptions options);
  ~SyncScheduler();  // Stop()
  SyncScheduler(const SyncScheduler&) = delete;
  SyncScheduler& operator=(const SyncScheduler&) = delete;

  // Starts the thread, which ticks at once and then every interval. FailedPrecondition when
  // already started; InvalidArgument for a non-positive interval.
  absl::Status Start();
  // Stops and joins the thread. Idempotent; never fails (the BackgroundComponent shape).
  absl::Status Stop();

  // One round: claims the due sources and enqueues their syncs, then expires postings past
  // their date and purges finished tasks past their retention. Returns how many tasks were created (a pending task of the source is not a new
  // one). Errors of the store; a failed enqueue makes its source due again.
  absl::StatusOr<int> TickOnce();

 private:
  void Loop(std::stop_token stop);

  store::Database& db_;
  store::TaskQueue& queue_;
  const SyncSchedulerOptions options_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace jobrec::ingest
