#include "jobrec/tasks/task_context.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

TEST(TaskContextTest, ExposesTheRun) {
  TaskContext context(7, "embed.batch", 2, 5);
  EXPECT_EQ(context.task_id(), 7);
  EXPECT_EQ(context.kind(), "embed.batch");
  EXPECT_EQ(context.attempt(), 2);
  EXPECT_EQ(context.max_attempts(), 5);
  EXPECT_FALSE(context.stop_requested());
  EXPECT_FALSE(context.lease_lost());
}

TEST(TaskContextTest, StopReachesTheStopToken) {
  TaskContext context(1, "k", 1, 1);
  auto token = context.stop_token();
  context.RequestStop();
  EXPECT_TRUE(context.stop_requested());
  EXPECT_TRUE(token.stop_requested());
  EXPECT_FALSE(context.lease_lost());
}

TEST(TaskContextTest, LosingTheLeaseAlsoRequestsStop) {
  TaskContext context(1, "k", 1, 1);
  context.MarkLeaseLost();
  EXPECT_TRUE(context.lease_lost());
  EXPECT_TRUE(context.stop_requested());
}

TEST(TaskContextTest, ProgressIsTakenOnceAndClamped) {
  TaskContext context(1, "k", 1, 1);
  EXPECT_FALSE(context.TakeProgress().has_value());
  context.ReportProgress(0.25, "first");
  context.ReportProgress(7.0, "later");
  auto progress = context.TakeProgress();
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ((*progress)["fraction"], 1.0);
  EXPECT_EQ((*progress)["note"], "later");
  EXPECT_FALSE(context.TakeProgress().has_value());
  context.ReportProgress(std::nan(""), "nan");
  EXPECT_EQ((*context.TakeProgress())["fraction"], 0.0);
}

}  // namespace
}  // namespace jobrec::tasks
