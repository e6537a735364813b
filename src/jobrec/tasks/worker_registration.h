// A `jobrec worker` process's row in the workers table (store/worker_repo.h): registered when
// the process starts, heartbeated with its state (idle, busy, draining) and current task,
// marked stopped when it exits. It also ends an idle worker: after worker.idle_exit without a
// task it calls `on_idle` once, and the process drains and exits as on SIGTERM.
//
//   auto worker = tasks::Worker::Start(db, registry, worker_options);
//   auto registration = tasks::WorkerRegistration::Start(db, options, **worker, on_idle);
//   ... on SIGTERM or idle: registration->MarkDraining(); worker->Stop();
//   registration->MarkStopped(idle ? "idle" : "drain");
//
// Heartbeat failures (database down) are logged and retried; they never end the worker: the
// row reads as lost meanwhile and comes back with the next heartbeat.
// Thread-safe. The Database and the Worker must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/worker.h"

namespace jobrec::tasks {

struct WorkerRegistrationOptions {
  store::WorkerProvider provider = store::WorkerProvider::kExternal;
  std::string instance_id;  // empty: the pid (local) or the host name (ec2, external)
  std::chrono::milliseconds heartbeat{5'000};
  int lost_after_heartbeats = 3;         // the row reads as lost after this many missed
  std::chrono::milliseconds idle_exit{0};  // 0: never exit when idle
  bool shutdown_on_idle_exit = false;
};

// worker.provider (external; local and ec2 are set by the provisioners),
// worker.instance_id (""), worker.heartbeat_interval (5s), worker.lost_after_heartbeats (3),
// worker.idle_exit (0 = never), worker.shutdown_on_idle_exit (false).
std::vector<common::ConfigKey> WorkerRegistrationConfigKeys();

// InvalidArgument naming the key for values that contradict each other.
absl::StatusOr<WorkerRegistrationOptions> WorkerRegistrationOptionsFromConfig(const common::Config& config);

class WorkerRegistration {
 public:
  // Registers `worker` (by its lease owner; it runs `concurrency` tasks at once) and starts
  // heartbeating. InvalidArgument for bad options; errors of WorkerRepo::Register
  // (Unavailable when the database is down).
  static absl::StatusOr<std::unique_ptr<WorkerRegistration>> Start(store::Database& db,
                                                                   const WorkerRegistrationOptions& options,
                                                                   const Worker& worker, int concurrency,
                                                                   std::function<void()> on_idle);
  ~WorkerRegistration();  // stops heartbeating; the row stays as it is unless MarkStopped ran
  WorkerRegistration(const WorkerRegistration&) = delete;
  WorkerRegistration& operator=(const WorkerRegistration&) = delete;

  // From now on the row says draining (written at once). Idempotent.
  void MarkDraining();
  // Stops heartbeating and marks the row stopped with `exit_reason`; logs on failure.
  void MarkStopped(const std::string& exit_reason);

  int64_t id() const { return id_; }
  // True once the idle timeout fired.
  bool idle_exit() const { return idle_exit_.load(); }

 private:
  WorkerRegistration(store::Database& db, const WorkerRegistrationOptions& options, const Worker& worker,
                     std::function<void()> on_idle, int64_t id);
  void Run(std::stop_token stop);
  void Beat(store::WorkerState state);

  store::WorkerRepo repo_;
  const WorkerRegistrationOptions options_;
  const Worker& worker_;
  const std::function<void()> on_idle_;
  const int64_t id_;
  std::atomic<bool> draining_{false};
  std::atomic<bool> idle_exit_{false};
  std::atomic<bool> heartbeat_failing_{false};  // to log a failure once, not every beat
  std::jthread thread_;
};

}  // namespace jobrec::tasks
