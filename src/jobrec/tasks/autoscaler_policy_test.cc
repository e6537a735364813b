#include "jobrec/tasks/autoscaler_policy.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using store::ScalingAction;

const auto kT0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);

ScalingPolicy Policy(int min, int max, int per_worker, milliseconds idle = std::chrono::minutes(10)) {
  return {.min_workers = min, .max_workers = max, .tasks_per_worker = per_worker, .idle_period = idle};
}

TEST(ScalingPolicyTest, ScalesUpAtOnceToCeilOfBacklogCappedAtMax) {
  ScalingPolicyState state(Policy(0, 4, 50));
  ScalingPlan plan = state.Decide({.queued = 312, .running = 0, .oldest_queued_seconds = 41, .current_workers = 0}, kT0);
  EXPECT_EQ(plan.desired, 4);
  EXPECT_EQ(plan.action, ScalingAction::kStart);
  EXPECT_EQ(plan.count, 4);
  EXPECT_EQ(plan.reason, "312 queued (oldest 41 s) > 0 workers × 50, 0 running: want 7, capped at max 4; start 4");

  plan = state.Decide({.queued = 51, .current_workers = 1}, kT0);
  EXPECT_EQ(plan.desired, 2);  // ceil(51 / 50)
  EXPECT_EQ(plan.action, ScalingAction::kStart);
  EXPECT_EQ(plan.count, 1);
}

TEST(ScalingPolicyTest, EmptyQueueKeepsMinimum) {
  ScalingPolicyState state(Policy(2, 4, 10));
  ScalingPlan plan = state.Decide({.queued = 0, .current_workers = 0}, kT0);
  EXPECT_EQ(plan.desired, 2);
  EXPECT_EQ(plan.action, ScalingAction::kStart);
  EXPECT_NE(plan.reason.find("raised to min 2"), std::string::npos) << plan.reason;
  plan = state.Decide({.queued = 0, .current_workers = 2}, kT0);
  EXPECT_EQ(plan.action, ScalingAction::kSteady);
  EXPECT_EQ(plan.count, 0);
}

TEST(ScalingPolicyTest, ScalesDownOnlyAfterTheIdlePeriod) {
  ScalingPolicyState state(Policy(0, 4, 50, seconds(600)));
  ScalingPlan plan = state.Decide({.queued = 0, .current_workers = 4}, kT0);
  EXPECT_EQ(plan.desired, 0);
  EXPECT_EQ(plan.action, ScalingAction::kHold);
  EXPECT_NE(plan.reason.find("scale down to 0 in 10m"), std::string::npos) << plan.reason;

  plan = state.Decide({.queued = 0, .current_workers = 4}, kT0 + seconds(599));
  EXPECT_EQ(plan.action, ScalingAction::kHold);
  EXPECT_NE(plan.reason.find("in 1 s"), std::string::npos) << plan.reason;

  plan = state.Decide({.queued = 0, .current_workers = 4}, kT0 + seconds(600));
  EXPECT_EQ(plan.action, ScalingAction::kStop);
  EXPECT_EQ(plan.count, 4);
  EXPECT_NE(plan.reason.find("below capacity for 10m, stop 4"), std::string::npos) << plan.reason;
}

TEST(ScalingPolicyTest, ABacklogBurstRestartsTheIdleTimer) {
  ScalingPolicyState state(Policy(0, 4, 50, seconds(60)));
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 2}, kT0).action, ScalingAction::kHold);
  // Work arrives: desired is back at current, the timer is forgotten.
  EXPECT_EQ(state.Decide({.queued = 100, .current_workers = 2}, kT0 + seconds(50)).action, ScalingAction::kSteady);
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 2}, kT0 + seconds(70)).action, ScalingAction::kHold);
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 2}, kT0 + seconds(129)).action, ScalingAction::kHold);
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 2}, kT0 + seconds(130)).action, ScalingAction::kStop);
}

TEST(ScalingPolicyTest, NeverBelowTheBusyWorkers) {
  ScalingPolicyState state(Policy(0, 4, 50, milliseconds(0)));
  ScalingPlan plan = state.Decide({.queued = 0, .running = 5, .current_workers = 3, .busy_workers = 2}, kT0);
  EXPECT_EQ(plan.desired, 2);
  EXPECT_EQ(plan.action, ScalingAction::kStop);
  EXPECT_EQ(plan.count, 1);
  EXPECT_NE(plan.reason.find("kept at 2 busy"), std::string::npos) << plan.reason;
}

TEST(ScalingPolicyTest, ResetForgetsTheTimer) {
  ScalingPolicyState state(Policy(0, 4, 50, seconds(10)));
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 1}, kT0).action, ScalingAction::kHold);
  state.Reset();
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 1}, kT0 + seconds(10)).action, ScalingAction::kHold);
  EXPECT_EQ(state.Decide({.queued = 0, .current_workers = 1}, kT0 + seconds(20)).action, ScalingAction::kStop);
}

TEST(ScalingPolicyTest, MaxZeroStartsNothing) {
  ScalingPolicyState state(Policy(0, 0, 1));
  ScalingPlan plan = state.Decide({.queued = 1000, .current_workers = 0}, kT0);
  EXPECT_EQ(plan.desired, 0);
  EXPECT_EQ(plan.action, ScalingAction::kSteady);
}

TEST(ScalingPolicyTest, ValidationNamesTheKey) {
  EXPECT_TRUE(ValidateScalingPolicy(Policy(0, 4, 50)).ok());
  auto bad = ValidateScalingPolicy(Policy(5, 4, 50));
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("autoscaler.min_workers"), std::string::npos) << bad;
  EXPECT_NE(ValidateScalingPolicy(Policy(0, 4, 0)).message().find("autoscaler.tasks_per_worker"), std::string::npos);
  EXPECT_NE(ValidateScalingPolicy(Policy(-1, 4, 1)).message().find("autoscaler.min_workers"), std::string::npos);
  EXPECT_NE(ValidateScalingPolicy(Policy(0, 4, 1, milliseconds(-1))).message().find("autoscaler.idle_period"),
            std::string::npos);
}

TEST(HumanDurationTest, Formats) {
  EXPECT_EQ(HumanDuration(milliseconds(0)), "0 s");
  EXPECT_EQ(HumanDuration(milliseconds(41'400)), "41 s");
  EXPECT_EQ(HumanDuration(seconds(432)), "7m 12s");
  EXPECT_EQ(HumanDuration(seconds(600)), "10m");
  EXPECT_EQ(HumanDuration(seconds(7500)), "2h 5m");
  EXPECT_EQ(HumanDuration(milliseconds(-5)), "0 s");
}

}  // namespace
}  // namespace jobrec::tasks
