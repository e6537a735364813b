#include "jobrec/tasks/task_options.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

absl::StatusOr<WorkerOptions> Load(const std::vector<std::string>& env, WorkerRole role) {
  auto config = common::Config::Load(TaskConfigKeys(), std::nullopt, env);
  if (!config.ok()) return config.status();
  return WorkerOptionsFromConfig(*config, role);
}

TEST(TaskOptionsTest, DefaultsMatchTheDocumentation) {
  auto options = Load({}, WorkerRole::kStandalone);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->lease, std::chrono::seconds(30));
  EXPECT_EQ(options->heartbeat, std::chrono::seconds(10));
  EXPECT_EQ(options->poll_interval, std::chrono::seconds(5));
  EXPECT_EQ(options->max_attempts, 5);
  EXPECT_EQ(options->backoff_base, std::chrono::seconds(5));
  EXPECT_EQ(options->backoff_cap, std::chrono::minutes(10));
  EXPECT_EQ(options->concurrency, 4);
  EXPECT_EQ(Load({}, WorkerRole::kInProcess)->concurrency, 2);
}

TEST(TaskOptionsTest, InProcessWorkersMayBeZero) {
  auto options = Load({"JOBREC_TASKS_INPROCESS_WORKERS=0"}, WorkerRole::kInProcess);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->concurrency, 0);
  EXPECT_FALSE(Load({"JOBREC_TASKS_WORKER_CONCURRENCY=0"}, WorkerRole::kStandalone).ok());
}

TEST(TaskOptionsTest, HeartbeatMustBeShorterThanTheLease) {
  auto options = Load({"JOBREC_TASKS_LEASE_DURATION=10s", "JOBREC_TASKS_HEARTBEAT_INTERVAL=10s"},
                      WorkerRole::kStandalone);
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("tasks.heartbeat_interval"), std::string::npos) << options.status();
}

TEST(TaskOptionsTest, BackoffCapBelowBaseNamesTheKey) {
  auto options = Load({"JOBREC_TASKS_BACKOFF_BASE=1m", "JOBREC_TASKS_BACKOFF_CAP=30s"}, WorkerRole::kStandalone);
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("tasks.backoff_cap"), std::string::npos) << options.status();
}

TEST(TaskOptionsTest, OutOfRangeValuesNameTheKey) {
  for (const char* assignment : {"JOBREC_TASKS_MAX_ATTEMPTS=0", "JOBREC_TASKS_LEASE_DURATION=0s",
                                 "JOBREC_TASKS_POLL_INTERVAL=soon"}) {
    auto options = Load({assignment}, WorkerRole::kStandalone);
    ASSERT_FALSE(options.ok()) << assignment;
    std::string var = std::string(assignment).substr(0, std::string(assignment).find('='));
    EXPECT_NE(options.status().message().find(var), std::string::npos) << options.status();
  }
}

}  // namespace
}  // namespace jobrec::tasks
