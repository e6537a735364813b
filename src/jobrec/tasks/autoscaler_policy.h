// The autoscaler's arithmetic, apart from any I/O so that it can be tested alone: how many
// workers the backlog wants, when to start them (at once) and when to stop them (only after
// the backlog has stayed below the current capacity for the idle period).
//
// Thread-compatible: one autoscaler thread owns a ScalingPolicyState.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/store/worker_repo.h"

namespace jobrec::tasks {

struct ScalingPolicy {
  int min_workers = 0;
  int max_workers = 4;
  int tasks_per_worker = 50;  // queued tasks one worker is expected to work off
  std::chrono::milliseconds idle_period{600'000};
};

// InvalidArgument naming the autoscaler.* key: negative bounds, min above max,
// tasks_per_worker < 1, a negative idle period.
absl::Status ValidateScalingPolicy(const ScalingPolicy& policy);

struct ScalingInput {
  int64_t queued = 0;  // due tasks, expired leases included (store::Backlog::queued)
  int64_t running = 0;
  double oldest_queued_seconds = 0;
  int current_workers = 0;  // capacity: starting and running workers, not stopping ones
  int busy_workers = 0;     // of those, running a task now
};

struct ScalingPlan {
  int desired = 0;
  store::ScalingAction action = store::ScalingAction::kSteady;  // start, stop, steady or hold
  int count = 0;  // workers to start or stop
  std::string reason;  // "312 queued (oldest 41 s) > 4 workers × 50: want 7, capped at max 4; start 4"
};

// Remembers since when fewer workers have been wanted than run, across ticks.
class ScalingPolicyState {
 public:
  explicit ScalingPolicyState(ScalingPolicy policy) : policy_(policy) {}

  // desired = clamp(ceil(queued / tasks_per_worker), min, max), but never below the busy
  // workers (stopping one would only make it drain). Above current: start the difference now.
  // Below: hold until desired has stayed below current for the idle period, then stop the
  // difference. `now` is a steady clock reading.
  ScalingPlan Decide(const ScalingInput& input, std::chrono::steady_clock::time_point now);

  // Forgets the scale-down timer (a new leader starts afresh).
  void Reset() { below_since_.reset(); }

  const ScalingPolicy& policy() const { return policy_; }

 private:
  ScalingPolicy policy_;
  std::optional<std::chrono::steady_clock::time_point> below_since_;
};

// "41 s", "7m 12s", "2h 5m": durations in decision reasons.
std::string HumanDuration(std::chrono::milliseconds duration);

}  // namespace jobrec::tasks
