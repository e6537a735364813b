// Runs queued tasks: `concurrency` threads each claim a task (store::TaskQueue), run its
// handler and complete or fail it; a heartbeat thread renews the leases of the tasks in hand;
// a LISTEN connection wakes idle threads as soon as a task is enqueued, with polling every
// poll_interval as the fallback (sooner when a delayed task falls due).
//
// `jobrec worker` runs one as its own process; `jobrec serve` runs one in-process:
//
//   JOBREC_ASSIGN_OR_RETURN(auto options, WorkerOptionsFromConfig(config, WorkerRole::kInProcess));
//   std::unique_ptr<Worker> worker;
//   if (options.concurrency > 0) JOBREC_ASSIGN_OR_RETURN(worker, Worker::Start(db, registry, options));
//   ...
//   worker->Stop();  // on shutdown: drains
//
// Database outages are logged and retried; they never stop the worker.
// Thread-safe. The Database and the registry must outlive the Worker.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_notifications.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"
#include "jobrec/tasks/task_options.h"

namespace jobrec::tasks {

struct WorkerStats {
  uint64_t claimed = 0;
  uint64_t succeeded = 0;
  uint64_t retried = 0;     // failed, queued again after backoff
  uint64_t failed = 0;      // failed for good (invalid payload)
  uint64_t dead = 0;        // out of attempts
  uint64_t released = 0;    // handed back unrun on shutdown
  uint64_t lease_lost = 0;  // result discarded: cancelled, or taken over after the lease expired
  int busy = 0;             // handlers running now
  bool listening = false;   // LISTEN connection up
};

class Worker {
 public:
  // InvalidArgument for invalid options (ValidateWorkerOptions) or concurrency < 1.
  static absl::StatusOr<std::unique_ptr<Worker>> Start(store::Database& db, const TaskHandlerRegistry& registry,
                                                       const WorkerOptions& options);
  ~Worker();  // Stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Drains: claims nothing new, tells running handlers stop_requested(), waits for them to
  // return and records their results, then stops heartbeats and the listener. Idempotent;
  // blocks until done.
  void Stop();

  WorkerStats Stats() const;
  // Lease owner written to tasks.lease_owner: "<host>:<pid>:<random>".
  const std::string& owner() const { return owner_; }

 private:
  Worker(store::Database& db, const TaskHandlerRegistry& registry, const WorkerOptions& options);
  void RunLoop(std::stop_token stop);
  void Execute(const store::ClaimedTask& task);
  absl::Status CallHandler(const store::ClaimedTask& task, const TaskContext& context) const;
  void Finish(const store::ClaimedTask& task, const TaskContext& context, const absl::Status& result);
  void HeartbeatLoop(std::stop_token stop);
  // Waits until woken (NOTIFY), `timeout` passes or stop is requested.
  void WaitForWork(std::stop_token stop, uint64_t seen_generation, std::chrono::milliseconds timeout);
  uint64_t WakeGeneration();
  void Wake();

  store::Database& db_;
  store::TaskQueue queue_;
  const TaskHandlerRegistry& registry_;
  const WorkerOptions options_;
  const std::string owner_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  uint64_t wake_generation_ = 0;
  std::map<int64_t, std::shared_ptr<TaskContext>> in_flight_;  // by task id
  std::once_flag stop_once_;

  std::atomic<uint64_t> claimed_{0}, succeeded_{0}, retried_{0}, failed_{0}, dead_{0}, released_{0},
      lease_lost_{0};

  std::unique_ptr<store::TaskNotificationListener> listener_;
  std::jthread heartbeat_;
  std::vector<std::jthread> runners_;
};

}  // namespace jobrec::tasks
