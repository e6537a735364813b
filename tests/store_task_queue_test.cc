// The task queue's SQL against a real PostgreSQL: states, leases, retries, dedupe, stats.
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/store/task_queue.h"
#include "tests/support/child_process.h"
#include "tests/support/test_database.h"

namespace jobrec::store {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kLease{30'000};

class TaskQueueTest : public testing::DatabaseTest {
 protected:
  TaskQueue& queue() {
    if (!queue_) queue_ = std::make_unique<TaskQueue>(db(), 5);
    return *queue_;
  }
  int64_t Enqueue(NewTask task) {
    auto result = queue().Enqueue(task);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->id : 0;
  }
  ClaimedTask MustClaim(const std::string& owner, milliseconds lease = kLease) {
    auto claimed = queue().Claim(owner, lease);
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    EXPECT_TRUE(claimed.ok() && claimed->has_value()) << "nothing to claim";
    return claimed.ok() && claimed->has_value() ? **claimed : ClaimedTask{};
  }
  bool NothingToClaim(const std::string& owner = "idle") {
    auto claimed = queue().Claim(owner, kLease);
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    return claimed.ok() && !claimed->has_value();
  }
  TaskRecord Get(int64_t id) {
    auto record = queue().Get(id);
    EXPECT_TRUE(record.ok()) << record.status();
    return record.ok() ? *record : TaskRecord{};
  }
  // Waits (a few ms) until every running lease has expired on the database clock.
  void WaitForLeasesToExpire() {
    ASSERT_TRUE(testing::WaitUntil(
        [&] { return test_db().QueryInt("SELECT count(*) FROM tasks WHERE state = 'running' AND lease_expires_at >= now()") == 0; },
        std::chrono::seconds(5)));
  }

 private:
  std::unique_ptr<TaskQueue> queue_;
};

TEST_F(TaskQueueTest, EnqueueClaimComplete) {
  int64_t id = Enqueue({.kind = "demo.echo", .payload = {{"n", 7}}});
  TaskRecord queued = Get(id);
  EXPECT_EQ(queued.state, TaskState::kQueued);
  EXPECT_EQ(queued.attempts, 0);
  EXPECT_EQ(queued.max_attempts, 5);

  ClaimedTask task = MustClaim("w1");
  EXPECT_EQ(task.id, id);
  EXPECT_EQ(task.kind, "demo.echo");
  EXPECT_EQ(task.payload["n"], 7);
  EXPECT_EQ(task.attempt, 1);
  EXPECT_EQ(Get(id).state, TaskState::kRunning);
  EXPECT_EQ(Get(id).lease_owner, "w1");
  EXPECT_TRUE(NothingToClaim());

  ASSERT_TRUE(queue().Complete(task).ok());
  EXPECT_EQ(Get(id).state, TaskState::kDone);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks WHERE finished_at IS NOT NULL"), 1);
  EXPECT_EQ(queue().Complete(task).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TaskQueueTest, RejectsBadTasks) {
  EXPECT_EQ(queue().Enqueue({.kind = ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Enqueue({.kind = std::string(201, 'k')}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Enqueue({.kind = "k", .max_attempts = -1}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Enqueue({.kind = "k", .delay = milliseconds(-1)}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue().Get(12345).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TaskQueueTest, DedupeKeyReturnsThePendingTaskUntilItFinishes) {
  auto first = queue().Enqueue({.kind = "sync", .dedupe_key = "sync:greenhouse"});
  auto second = queue().Enqueue({.kind = "sync", .dedupe_key = "sync:greenhouse"});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(first->id, second->id);
  auto other = queue().Enqueue({.kind = "sync", .dedupe_key = "sync:lever"});
  EXPECT_TRUE(other->created);

  ClaimedTask running = MustClaim("w1");
  EXPECT_FALSE(queue().Enqueue({.kind = "sync", .dedupe_key = "sync:greenhouse"})->created);  // running counts
  ASSERT_TRUE(queue().Complete(running).ok());
  auto after = queue().Enqueue({.kind = "sync", .dedupe_key = "sync:greenhouse"});
  EXPECT_TRUE(after->created);
  EXPECT_NE(after->id, first->id);
}

TEST_F(TaskQueueTest, DelayedTasksWaitUntilDue) {
  EXPECT_FALSE(queue().NextDueIn()->has_value());
  int64_t id = Enqueue({.kind = "later", .delay = std::chrono::hours(1)});
  EXPECT_TRUE(NothingToClaim());
  auto due = queue().NextDueIn();
  ASSERT_TRUE(due.ok() && due->has_value());
  EXPECT_GT(**due, std::chrono::minutes(59));
  EXPECT_GT(Get(id).run_after_in_seconds, 3500);
  Enqueue({.kind = "now"});
  EXPECT_EQ(**queue().NextDueIn(), milliseconds(0));
  EXPECT_EQ(MustClaim("w").kind, "now");
}

TEST_F(TaskQueueTest, FailuresRetryAfterTheDelayThenGoDeadKeepingTheLastError) {
  int64_t id = Enqueue({.kind = "flaky", .max_attempts = 3});
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ClaimedTask task = MustClaim("w");
    EXPECT_EQ(task.attempt, attempt);
    auto state = queue().Fail(task, "boom " + std::to_string(attempt), milliseconds(0), false);
    ASSERT_TRUE(state.ok()) << state.status();
    EXPECT_EQ(*state, attempt < 3 ? TaskState::kQueued : TaskState::kDead);
  }
  TaskRecord dead = Get(id);
  EXPECT_EQ(dead.state, TaskState::kDead);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.last_error, "boom 3");
  EXPECT_TRUE(NothingToClaim());
}

TEST_F(TaskQueueTest, RetryDelayIsHonoured) {
  int64_t id = Enqueue({.kind = "flaky"});
  ASSERT_EQ(*queue().Fail(MustClaim("w"), "later please", std::chrono::hours(1), false), TaskState::kQueued);
  EXPECT_TRUE(NothingToClaim());
  EXPECT_GT(Get(id).run_after_in_seconds, 3500);
  EXPECT_EQ(Get(id).last_error, "later please");
}

TEST_F(TaskQueueTest, PermanentFailureIsNotRetried) {
  int64_t id = Enqueue({.kind = "bad.payload"});
  ASSERT_EQ(*queue().Fail(MustClaim("w"), "payload lacks 'url'", milliseconds(0), true), TaskState::kFailed);
  EXPECT_EQ(Get(id).state, TaskState::kFailed);
  EXPECT_TRUE(NothingToClaim());
}

TEST_F(TaskQueueTest, AnExpiredLeaseIsClaimedAgainAsANewAttempt) {
  int64_t id = Enqueue({.kind = "slow"});
  ClaimedTask first = MustClaim("crashed-worker", milliseconds(1));
  WaitForLeasesToExpire();
  ClaimedTask second = MustClaim("rescuer");
  EXPECT_EQ(second.id, id);
  EXPECT_EQ(second.attempt, 2);
  EXPECT_NE(Get(id).last_error.find("lease of crashed-worker expired during attempt 1"), std::string::npos)
      << Get(id).last_error;
  // The first holder's late result is refused; the rescuer's is taken.
  EXPECT_EQ(queue().Complete(first).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue().Fail(first, "late", milliseconds(0), false).status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(queue().Complete(second).ok());
  EXPECT_EQ(Get(id).attempts, 2);
}

TEST_F(TaskQueueTest, AnExpiredLeaseOnTheLastAttemptGoesDead) {
  int64_t id = Enqueue({.kind = "slow", .max_attempts = 1});
  MustClaim("crashed-worker", milliseconds(1));
  WaitForLeasesToExpire();
  EXPECT_TRUE(NothingToClaim());
  TaskRecord dead = Get(id);
  EXPECT_EQ(dead.state, TaskState::kDead);
  EXPECT_NE(dead.last_error.find("expired during the last attempt"), std::string::npos) << dead.last_error;
}

TEST_F(TaskQueueTest, HeartbeatExtendsLeasesAndStoresProgress) {
  int64_t id = Enqueue({.kind = "long"});
  ClaimedTask task = MustClaim("w", milliseconds(500));
  auto kept = queue().Heartbeat("w", {{id, task.attempt, {{"fraction", 0.5}}}}, std::chrono::hours(1));
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(*kept, std::vector<int64_t>{id});
  EXPECT_GT(test_db().QueryInt("SELECT extract(epoch FROM lease_expires_at - now())::int FROM tasks"), 3500);
  EXPECT_EQ(Get(id).progress["fraction"], 0.5);
  // Null progress leaves the stored one alone; a stranger's heartbeat keeps nothing.
  ASSERT_TRUE(queue().Heartbeat("w", {{id, task.attempt, nullptr}}, std::chrono::hours(1)).ok());
  EXPECT_EQ(Get(id).progress["fraction"], 0.5);
  EXPECT_TRUE(queue().Heartbeat("other", {{id, task.attempt, nullptr}}, kLease)->empty());
  EXPECT_TRUE(queue().Heartbeat("w", {{id, task.attempt + 1, nullptr}}, kLease)->empty());
}

TEST_F(TaskQueueTest, ReleaseHandsBackWithoutCountingTheAttempt) {
  int64_t id = Enqueue({.kind = "k"});
  ASSERT_TRUE(queue().Release(MustClaim("stopping")).ok());
  EXPECT_EQ(Get(id).state, TaskState::kQueued);
  EXPECT_EQ(Get(id).attempts, 0);
  EXPECT_EQ(MustClaim("next").attempt, 1);
}

TEST_F(TaskQueueTest, CancelStopsQueuedAndRunningTasks) {
  int64_t queued = Enqueue({.kind = "k"});
  ASSERT_TRUE(queue().Cancel(queued).ok());
  EXPECT_EQ(Get(queued).state, TaskState::kFailed);
  EXPECT_EQ(Get(queued).last_error, "cancelled");
  EXPECT_EQ(queue().Cancel(queued).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue().Cancel(999999).code(), absl::StatusCode::kNotFound);

  int64_t running = Enqueue({.kind = "k"});
  ClaimedTask task = MustClaim("w");
  ASSERT_TRUE(queue().Cancel(running).ok());
  EXPECT_TRUE(queue().Heartbeat("w", {{running, task.attempt, nullptr}}, kLease)->empty());
  EXPECT_EQ(queue().Complete(task).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Get(running).state, TaskState::kFailed);
}

TEST_F(TaskQueueTest, StatsCountByKindAndStateAndAgeTheOldestDueTask) {
  Enqueue({.kind = "a"});
  Enqueue({.kind = "a"});
  Enqueue({.kind = "b"});
  Enqueue({.kind = "b", .delay = std::chrono::hours(1)});
  test_db().Exec("UPDATE tasks SET run_after = now() - interval '90 seconds' WHERE kind = 'a'");
  ASSERT_TRUE(queue().Complete(MustClaim("w")).ok());  // one of the overdue a's
  auto stats = queue().Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  std::map<std::pair<std::string, std::string>, int64_t> depth;
  for (const auto& d : stats->depth) depth[{d.kind, TaskStateName(d.state)}] = d.count;
  EXPECT_EQ(depth, (std::map<std::pair<std::string, std::string>, int64_t>{
                       {{"a", "done"}, 1}, {{"a", "queued"}, 1}, {{"b", "queued"}, 2}}));
  ASSERT_EQ(stats->oldest_due_age_seconds.size(), 2u);
  EXPECT_EQ(stats->oldest_due_age_seconds[0].first, "a");
  EXPECT_GE(stats->oldest_due_age_seconds[0].second, 89.0);
  EXPECT_LT(stats->oldest_due_age_seconds[1].second, 60.0);
}

TEST_F(TaskQueueTest, ConcurrentClaimersNeverGetTheSameTask) {
  constexpr int kTasks = 200, kClaimers = 6;
  for (int i = 0; i < kTasks; ++i) Enqueue({.kind = "race", .payload = {{"i", i}}});
  std::mutex mutex;
  std::multiset<int64_t> claimed;
  {
    std::vector<std::jthread> claimers;
    for (int c = 0; c < kClaimers; ++c) {
      claimers.emplace_back([&, c] {
        for (;;) {
          auto task = queue().Claim("claimer-" + std::to_string(c), kLease);
          ASSERT_TRUE(task.ok()) << task.status();
          if (!task->has_value()) return;
          {
            std::lock_guard lock(mutex);
            claimed.insert((*task)->id);
          }
          ASSERT_TRUE(queue().Complete(**task).ok());
        }
      });
    }
  }
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks WHERE state = 'done' AND attempts = 1"), kTasks);
}

}  // namespace
}  // namespace jobrec::store
