#include "jobrec/tasks/autoscaler_policy.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace jobrec::tasks {
namespace {

absl::Status BadKey(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("config key '", key, "': ", message));
}

}  // namespace

absl::Status ValidateScalingPolicy(const ScalingPolicy& policy) {
  if (policy.min_workers < 0) return BadKey("autoscaler.min_workers", "must not be negative");
  if (policy.max_workers < 0) return BadKey("autoscaler.max_workers", "must not be negative");
  if (policy.min_workers > policy.max_workers) {
    return BadKey("autoscaler.min_workers",
                                absl::StrCat(policy.min_workers, " is above autoscaler.max_workers (",
                                             policy.max_workers, ")"));
  }
  if (policy.tasks_per_worker < 1) return BadKey("autoscaler.tasks_per_worker", "must be at least 1");
  if (policy.idle_period.count() < 0) return BadKey("autoscaler.idle_period", "must not be negative");
  return absl::OkStatus();
}

std::string HumanDuration(std::chrono::milliseconds duration) {
  int64_t seconds = std::max<int64_t>(0, (duration.count() + 500) / 1000);
  if (seconds < 60) return absl::StrCat(seconds, " s");
  if (seconds < 3600) {
    return seconds % 60 == 0 ? absl::StrCat(seconds / 60, "m") : absl::StrCat(seconds / 60, "m ", seconds % 60, "s");
  }
  int64_t minutes = seconds / 60;
  return minutes % 60 == 0 ? absl::StrCat(minutes / 60, "h") : absl::StrCat(minutes / 60, "h ", minutes % 60, "m");
}

ScalingPlan ScalingPolicyState::Decide(const ScalingInput& in, std::chrono::steady_clock::time_point now) {
  const int64_t wanted = (in.queued + policy_.tasks_per_worker - 1) / policy_.tasks_per_worker;
  int desired = static_cast<int>(std::clamp<int64_t>(wanted, policy_.min_workers, policy_.max_workers));

  // Why: the backlog against the current capacity, then each adjustment that applied.
  const int64_t capacity = static_cast<int64_t>(in.current_workers) * policy_.tasks_per_worker;
  std::string reason = absl::StrCat(in.queued, " queued");
  if (in.queued > 0) {
    absl::StrAppend(&reason, " (oldest ", HumanDuration(std::chrono::milliseconds(
                                              std::llround(in.oldest_queued_seconds * 1000))), ")");
  }
  absl::StrAppend(&reason, in.queued > capacity ? " > " : " <= ", in.current_workers, " workers × ",
                  policy_.tasks_per_worker, ", ", in.running, " running: want ", wanted);
  if (wanted > policy_.max_workers) absl::StrAppend(&reason, ", capped at max ", policy_.max_workers);
  if (wanted < policy_.min_workers) absl::StrAppend(&reason, ", raised to min ", policy_.min_workers);
  if (in.busy_workers > desired) {
    desired = in.busy_workers;
    absl::StrAppend(&reason, ", kept at ", desired, " busy");
  }

  ScalingPlan plan{.desired = desired};
  if (desired > in.current_workers) {
    below_since_.reset();
    plan.action = store::ScalingAction::kStart;
    plan.count = desired - in.current_workers;
    absl::StrAppend(&reason, "; start ", plan.count);
  } else if (desired == in.current_workers) {
    below_since_.reset();
    plan.action = store::ScalingAction::kSteady;
    absl::StrAppend(&reason, "; steady at ", desired);
  } else {
    if (!below_since_) below_since_ = now;
    auto below_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - *below_since_);
    if (below_for >= policy_.idle_period) {
      below_since_.reset();
      plan.action = store::ScalingAction::kStop;
      plan.count = in.current_workers - desired;
      absl::StrAppend(&reason, "; below capacity for ", HumanDuration(below_for), ", stop ", plan.count);
    } else {
      plan.action = store::ScalingAction::kHold;
      absl::StrAppend(&reason, "; scale down to ", desired, " in ", HumanDuration(policy_.idle_period - below_for));
    }
  }
  plan.reason = std::move(reason);
  return plan;
}

}  // namespace jobrec::tasks
