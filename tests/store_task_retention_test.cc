// Retention of finished tasks: TaskQueue::PurgeFinished against a real PostgreSQL, the
// SyncScheduler tick that `jobrec serve` runs it from, and the tasks.*_retention keys.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/common/config.h"
#include "jobrec/ingest/sync_scheduler.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/store/task_retention.h"
#include "tests/support/test_database.h"

namespace jobrec::store {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;

constexpr milliseconds kLease{30'000};
const TaskRetention kRetention{.done = days(7), .failed = days(30)};

class TaskRetentionTest : public testing::DatabaseTest {
 protected:
  TaskQueue& queue() {
    if (!queue_) queue_ = std::make_unique<TaskQueue>(db(), 5);
    return *queue_;
  }

  // A task claimed by "w", or an empty one after a test failure.
  ClaimedTask EnqueueAndClaim(int max_attempts = 5) {
    auto enqueued = queue().Enqueue({.kind = "demo.echo", .max_attempts = max_attempts});
    EXPECT_TRUE(enqueued.ok()) << enqueued.status();
    auto claimed = queue().Claim("w", kLease);
    EXPECT_TRUE(claimed.ok() && claimed->has_value());
    return claimed.ok() && claimed->has_value() ? **claimed : ClaimedTask{};
  }
  int64_t Done() {
    ClaimedTask task = EnqueueAndClaim();
    EXPECT_TRUE(queue().Complete(task).ok());
    return task.id;
  }
  int64_t Dead() {
    ClaimedTask task = EnqueueAndClaim(/*max_attempts=*/1);
    auto state = queue().Fail(task, "boom", milliseconds(0), /*permanent=*/false);
    EXPECT_TRUE(state.ok() && *state == TaskState::kDead);
    return task.id;
  }
  int64_t Cancelled() {
    auto enqueued = queue().Enqueue({.kind = "demo.echo"});
    EXPECT_TRUE(enqueued.ok() && queue().Cancel(enqueued->id).ok());
    return enqueued.ok() ? enqueued->id : 0;
  }
  // Moves the task's finish (and creation) `age` into the past.
  void Age(int64_t id, const std::string& age) {
    test_db().Exec(absl::StrCat("UPDATE tasks SET finished_at = now() - interval '", age,
                                "', created_at = now() - interval '", age, "' WHERE id = ", id));
  }
  bool Exists(int64_t id) {
    return test_db().QueryInt(absl::StrCat("SELECT count(*) FROM tasks WHERE id = ", id)) == 1;
  }

 private:
  std::unique_ptr<TaskQueue> queue_;
};

TEST_F(TaskRetentionTest, DeletesFinishedTasksPastTheirRetentionOnly) {
  const int64_t old_done = Done(), recent_done = Done();
  const int64_t month_old_dead = Dead(), week_old_dead = Dead(), old_cancelled = Cancelled();
  Age(old_done, "8 days");
  Age(recent_done, "6 days");
  Age(month_old_dead, "31 days");
  Age(week_old_dead, "8 days");
  Age(old_cancelled, "31 days");
  // Unfinished tasks stay however old they are.
  auto queued = queue().Enqueue({.kind = "demo.old", .delay = days(1)});
  ASSERT_TRUE(queued.ok());
  const int64_t running = EnqueueAndClaim().id;
  test_db().Exec("UPDATE tasks SET created_at = now() - interval '400 days' WHERE finished_at IS NULL");

  auto purged = queue().PurgeFinished(kRetention);

  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 3);
  EXPECT_FALSE(Exists(old_done));
  EXPECT_TRUE(Exists(recent_done));
  EXPECT_FALSE(Exists(month_old_dead));
  EXPECT_TRUE(Exists(week_old_dead)) << "dead-lettered tasks are kept longer than done ones";
  EXPECT_FALSE(Exists(old_cancelled));
  EXPECT_TRUE(Exists(queued->id));
  EXPECT_TRUE(Exists(running));
  EXPECT_EQ(queue().PurgeFinished(kRetention).value_or(-1), 0) << "nothing left to purge";
}

TEST_F(TaskRetentionTest, PurgesABacklogLargerThanOneBatch) {
  test_db().Exec(
      "INSERT INTO tasks (kind, state, attempts, finished_at) "
      "SELECT 'demo.bulk', 'done', 1, now() - interval '10 days' FROM generate_series(1, 12001)");
  const int64_t recent = Done();

  auto purged = queue().PurgeFinished(kRetention);

  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 12001);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks"), 1);
  EXPECT_TRUE(Exists(recent));
}

TEST_F(TaskRetentionTest, TheSchedulerTickThatServeRunsPurges) {
  const int64_t old_done = Done(), recent_done = Done();
  Age(old_done, "2 hours");
  Age(recent_done, "30 minutes");
  ingest::SyncScheduler scheduler(db(), queue(),
                                  {.task_retention = {.done = std::chrono::hours(1), .failed = days(30)}});

  auto tick = scheduler.TickOnce();

  ASSERT_TRUE(tick.ok()) << tick.status();
  EXPECT_FALSE(Exists(old_done));
  EXPECT_TRUE(Exists(recent_done));
}

TEST(TaskRetentionConfigTest, DefaultsToAWeekForDoneAndAMonthForFailedTasks) {
  auto config = common::Config::Load(TaskRetentionConfigKeys(), std::nullopt, {});
  ASSERT_TRUE(config.ok()) << config.status();
  TaskRetention retention = TaskRetentionFromConfig(*config);
  EXPECT_EQ(retention.done, days(7));
  EXPECT_EQ(retention.failed, days(30));
}

TEST(TaskRetentionConfigTest, ReadsTheEnvironmentAndRejectsRetentionsUnderAMinute) {
  auto config = common::Config::Load(TaskRetentionConfigKeys(), std::nullopt,
                                     {"JOBREC_TASKS_DONE_RETENTION=2d", "JOBREC_TASKS_FAILED_RETENTION=90d"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(TaskRetentionFromConfig(*config).done, days(2));
  EXPECT_EQ(TaskRetentionFromConfig(*config).failed, days(90));

  for (const char* bad : {"JOBREC_TASKS_DONE_RETENTION=10s", "JOBREC_TASKS_FAILED_RETENTION=0",
                          "JOBREC_TASKS_DONE_RETENTION=soon"}) {
    auto rejected = common::Config::Load(TaskRetentionConfigKeys(), std::nullopt, {bad});
    EXPECT_TRUE(absl::IsInvalidArgument(rejected.status())) << bad;
    EXPECT_NE(rejected.status().message().find("retention"), std::string::npos) << rejected.status();
  }
}

}  // namespace
}  // namespace jobrec::store
