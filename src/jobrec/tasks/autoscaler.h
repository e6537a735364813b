// Starts and stops worker processes with the task backlog. Every replica of `jobrec serve`
// runs one; exactly one of them acts at a time: the holder of a PostgreSQL advisory lock
// (store::LeaderLock). If the holder dies, its session ends, the lock frees and another
// replica takes over on its next tick.
//
// Each tick (the leader's): reconcile the provisioner's view, mark workers with a stale
// heartbeat lost, read the backlog and the live workers, decide (autoscaler_policy.h), start
// or stop workers through the Provisioner, and record the decision in scaling_decisions:
// every start/stop/error, every change of (desired, current, action), otherwise at most one
// row per steady_record_interval.
//
//   JOBREC_ASSIGN_OR_RETURN(auto autoscaler, Autoscaler::Create(db, std::move(provisioner), options));
//   JOBREC_RETURN_IF_ERROR(autoscaler->Start());
//   ...
//   autoscaler->Stop();
//
// tasks/autoscaler_setup.h builds one from the configuration.
//
// Thread-safe. The Database must outlive the Autoscaler.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/leader_lock.h"
#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/autoscaler_policy.h"
#include "jobrec/tasks/provisioner.h"

namespace jobrec::tasks {

struct AutoscalerOptions {
  ScalingPolicy policy;
  std::chrono::milliseconds interval{5'000};
  std::chrono::milliseconds steady_record_interval{60'000};
  std::string identity;  // written to scaling_decisions.autoscaler; empty: "<host>:<pid>"
  int64_t lock_key = store::kAutoscalerLockKey;
  // Stopped or lost worker rows and decisions older than these are deleted (hourly).
  std::chrono::seconds worker_retention = std::chrono::hours(24 * 7);
  std::chrono::seconds decision_retention = std::chrono::hours(24 * 30);
};

struct AutoscalerStatus {
  bool running = false;
  bool leader = false;
  uint64_t ticks = 0;                              // as leader
  std::optional<store::ScalingDecision> last;      // the leader's last decision, recorded or not
};

class Autoscaler {
 public:
  // InvalidArgument for a bad policy (naming the autoscaler.* key), a non-positive interval,
  // or a null provisioner.
  static absl::StatusOr<std::unique_ptr<Autoscaler>> Create(store::Database& db,
                                                            std::unique_ptr<Provisioner> provisioner,
                                                            AutoscalerOptions options);
  ~Autoscaler();  // Stop()
  Autoscaler(const Autoscaler&) = delete;
  Autoscaler& operator=(const Autoscaler&) = delete;

  // Starts the thread; the first tick runs at once. FailedPrecondition when started before.
  absl::Status Start();

  // Stops the thread once the tick in progress ends (a database round trip; EC2 calls retry
  // for up to a few seconds), releases the lock, then destroys the provisioner: local workers
  // drain (SIGTERM; SIGKILL after the grace period), EC2 instances keep running for the next
  // leader to adopt. Idempotent; Start() fails afterwards.
  void Stop();

  bool is_leader() const { return leader_.load(); }
  AutoscalerStatus Status() const;

 private:
  Autoscaler(store::Database& db, std::unique_ptr<Provisioner> provisioner, AutoscalerOptions options);
  void Run(std::stop_token stop);
  void Tick();
  // Leader work of one tick; returns the decision taken.
  store::ScalingDecision Act();
  void Housekeeping();
  void Record(const store::ScalingDecision& decision);

  store::Database& db_;
  store::WorkerRepo repo_;
  const AutoscalerOptions options_;
  std::unique_ptr<Provisioner> provisioner_;  // reset by Stop()

  // Thread state, touched only by the autoscaler's thread (and by Stop after the join).
  store::LeaderLock lock_;
  ScalingPolicyState policy_state_;
  std::optional<store::ScalingDecision> last_recorded_;
  std::chrono::steady_clock::time_point last_recorded_at_;
  std::chrono::steady_clock::time_point next_housekeeping_;

  std::atomic<bool> leader_{false};
  mutable std::mutex status_mutex_;
  AutoscalerStatus status_;
  std::once_flag stop_once_;
  std::jthread thread_;
};

}  // namespace jobrec::tasks
