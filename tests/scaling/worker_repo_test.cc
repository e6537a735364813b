// store::WorkerRepo and store::LeaderLock against a real PostgreSQL, and `jobrec scale status`.
#include "jobrec/store/worker_repo.h"

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobrec/store/leader_lock.h"
#include "tests/scaling/scaling_support.h"
#include "tests/support/child_process.h"

namespace jobrec::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class WorkerRepoTest : public testing::DatabaseTest {
 protected:
  WorkerRepo& repo() {
    if (!repo_) repo_ = std::make_unique<WorkerRepo>(db());
    return *repo_;
  }
  int64_t Register(const std::string& owner, milliseconds lost_after = seconds(30)) {
    auto id = repo().Register({.provider = WorkerProvider::kLocal, .instance_id = "42", .host = "h1",
                               .lease_owner = owner, .concurrency = 2, .lost_after = lost_after});
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : 0;
  }
  std::vector<WorkerRecord> List(seconds stopped_within = std::chrono::hours(1)) {
    auto workers = repo().ListWorkers(stopped_within);
    EXPECT_TRUE(workers.ok()) << workers.status();
    return workers.ok() ? *workers : std::vector<WorkerRecord>{};
  }

 private:
  std::unique_ptr<WorkerRepo> repo_;
};

TEST_F(WorkerRepoTest, RegisterHeartbeatStop) {
  int64_t id = Register("h1:42:aa");
  auto workers = List();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].id, id);
  EXPECT_EQ(workers[0].state, WorkerState::kStarting);
  EXPECT_EQ(workers[0].provider, WorkerProvider::kLocal);
  EXPECT_EQ(workers[0].concurrency, 2);
  EXPECT_FALSE(workers[0].current_task_id.has_value());
  EXPECT_LT(workers[0].heartbeat_age_seconds, 5);

  // The current task is the lowest running one under the worker's lease owner.
  test_db().Exec("INSERT INTO tasks (kind, state, lease_owner, lease_expires_at, attempts) VALUES "
                 "('k', 'running', 'h1:42:aa', now() + interval '1 minute', 1), "
                 "('k', 'running', 'h1:42:aa', now() + interval '1 minute', 1), "
                 "('k', 'running', 'someone-else', now() + interval '1 minute', 1)");
  ASSERT_TRUE(repo().Heartbeat(id, WorkerState::kBusy).ok());
  workers = List();
  EXPECT_EQ(workers[0].state, WorkerState::kBusy);
  EXPECT_EQ(workers[0].current_task_id, test_db().QueryInt("SELECT min(id) FROM tasks"));

  ASSERT_TRUE(repo().Heartbeat(id, WorkerState::kDraining).ok());
  ASSERT_TRUE(repo().MarkStopped(id, "drain").ok());
  ASSERT_TRUE(repo().MarkStopped(id, "idle").ok());  // the first stop is kept
  workers = List();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].state, WorkerState::kStopped);
  EXPECT_EQ(workers[0].exit_reason, "drain");
  EXPECT_TRUE(workers[0].stopped_at.has_value());
  EXPECT_FALSE(workers[0].current_task_id.has_value());
  // A stopped worker does not come back with a late heartbeat, and is not listed as live.
  EXPECT_EQ(repo().Heartbeat(id, WorkerState::kIdle).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(List(seconds(0)).empty());
}

TEST_F(WorkerRepoTest, RejectsBadRegistrationsAndHeartbeats) {
  EXPECT_EQ(repo().Register({.instance_id = "", .lease_owner = "o"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Register({.instance_id = "1", .lease_owner = ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Register({.instance_id = "1", .lease_owner = "o", .concurrency = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Register({.instance_id = "1", .lease_owner = "o", .lost_after = milliseconds(0)}).status().code(),
            absl::StatusCode::kInvalidArgument);
  int64_t id = Register("dup");
  EXPECT_EQ(repo().Register({.instance_id = "1", .lease_owner = "dup"}).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(repo().Heartbeat(id, WorkerState::kStopped).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Heartbeat(id, WorkerState::kLost).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().Heartbeat(id + 100, WorkerState::kIdle).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(repo().MarkStopped(id + 100, "drain").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(repo().RecentDecisions(0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().RecentDecisions(1001).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().RecordDecision({.queued = -1, .reason = "x"}).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(WorkerRepoTest, AStaleHeartbeatReadsAsLostAndAFreshOneRevives) {
  int64_t id = Register("w", milliseconds(200));
  ASSERT_TRUE(repo().Heartbeat(id, WorkerState::kIdle).ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return List()[0].state == WorkerState::kLost; }, seconds(5)));
  // Readers see lost before anyone writes it; MarkLost writes it, once.
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM workers"), "idle");
  EXPECT_EQ(*repo().MarkLost(), 1);
  EXPECT_EQ(*repo().MarkLost(), 0);
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM workers"), "lost");
  EXPECT_TRUE(List(seconds(0)).empty());  // not live; shown only while it went silent recently
  ASSERT_TRUE(repo().Heartbeat(id, WorkerState::kBusy).ok());
  EXPECT_EQ(List()[0].state, WorkerState::kBusy);
  EXPECT_EQ(List(seconds(0)).size(), 1u);
}

TEST_F(WorkerRepoTest, PrunesOnlyOldDeadRows) {
  int64_t old_stopped = Register("a");
  int64_t live = Register("b");
  ASSERT_TRUE(repo().MarkStopped(old_stopped, "drain").ok());
  test_db().Exec("UPDATE workers SET stopped_at = now() - interval '8 days', last_heartbeat_at = now() - interval '8 days' "
                 "WHERE id = " + std::to_string(old_stopped));
  test_db().Exec("UPDATE workers SET last_heartbeat_at = now() - interval '8 days' WHERE id = " + std::to_string(live));
  EXPECT_EQ(*repo().PruneWorkers(std::chrono::hours(24 * 7)), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT id FROM workers"), live);  // live (if lost) rows are only pruned once marked
}

TEST_F(WorkerRepoTest, BacklogCountsDueDelayedRunningAndExpiredLeases) {
  test_db().Exec(
      "INSERT INTO tasks (kind, state, run_after, lease_owner, lease_expires_at, attempts, finished_at) VALUES "
      "('a', 'queued', now() - interval '40 seconds', NULL, NULL, 0, NULL), "
      "('a', 'queued', now() - interval '1 second', NULL, NULL, 0, NULL), "
      "('a', 'queued', now() + interval '1 hour', NULL, NULL, 0, NULL), "
      "('a', 'running', now(), 'w', now() + interval '1 minute', 1, NULL), "
      "('b', 'running', now(), 'dead', now() - interval '5 seconds', 1, NULL), "
      "('b', 'done', now(), 'w', NULL, 1, now())");
  auto backlog = repo().ReadBacklog();
  ASSERT_TRUE(backlog.ok()) << backlog.status();
  EXPECT_EQ(backlog->queued, 3);
  EXPECT_EQ(backlog->delayed, 1);
  EXPECT_EQ(backlog->running, 1);
  EXPECT_NEAR(backlog->oldest_queued_seconds, 40, 5);
  ASSERT_EQ(backlog->kinds.size(), 2u);
  EXPECT_EQ(backlog->kinds[0].kind, "a");
  EXPECT_EQ(backlog->kinds[0].queued, 2);
  EXPECT_EQ(backlog->kinds[1].kind, "b");
  EXPECT_EQ(backlog->kinds[1].queued, 1);  // the dead worker's task is claimable again
  EXPECT_NEAR(backlog->kinds[1].oldest_queued_seconds, 5, 3);
}

TEST_F(WorkerRepoTest, DecisionsRoundTripNewestFirst) {
  ASSERT_TRUE(repo().RecordDecision({.autoscaler = "h:1", .provider = "local", .queued = 312, .running = 3,
                                     .oldest_queued_seconds = 41, .queued_by_kind = {{"embed.batch", 312}},
                                     .current_workers = 0, .desired_workers = 4, .action = ScalingAction::kStart,
                                     .count = 4, .reason = "312 queued"}).ok());
  ASSERT_TRUE(repo().RecordDecision({.autoscaler = "h:1", .provider = "local", .current_workers = 4,
                                     .desired_workers = 4, .action = ScalingAction::kSteady, .reason = "steady"}).ok());
  auto decisions = repo().RecentDecisions(10);
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].action, ScalingAction::kSteady);
  const auto& start = (*decisions)[1];
  EXPECT_EQ(start.action, ScalingAction::kStart);
  EXPECT_EQ(start.queued_by_kind["embed.batch"], 312);
  EXPECT_EQ(start.count, 4);
  EXPECT_EQ(start.reason, "312 queued");
  EXPECT_LT(std::chrono::system_clock::now() - start.decided_at, std::chrono::minutes(1));
  EXPECT_EQ(repo().RecentDecisions(1)->size(), 1u);
  EXPECT_EQ(*repo().PruneDecisions(std::chrono::seconds(3600)), 0);
}

TEST_F(WorkerRepoTest, ProbeRunsCountCompletions) {
  ASSERT_TRUE(repo().RecordProbeRun(7, 1, "h:1").ok());
  ASSERT_TRUE(repo().RecordProbeRun(7, 2, "h:2").ok());
  EXPECT_EQ(test_db().QueryRows("SELECT completions, first_worker, last_worker, last_attempt FROM task_probe_runs")[0],
            (std::vector<std::string>{"2", "h:1", "h:2", "2"}));
}

TEST_F(WorkerRepoTest, OneLeaderLockHolderPerDatabase) {
  LeaderLock a(db(), 77), b(db(), 77), other_key(db(), 78);
  EXPECT_TRUE(*a.TryHold());
  EXPECT_TRUE(*a.TryHold());  // still held: confirms the session
  EXPECT_FALSE(*b.TryHold());
  EXPECT_TRUE(*other_key.TryHold());
  a.Release();
  EXPECT_FALSE(a.held());
  EXPECT_TRUE(*b.TryHold());
  EXPECT_FALSE(*a.TryHold());
  // The holder's session dies: the server frees the lock; the holder learns it on its next try.
  test_db().QueryValue("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 77");
  ASSERT_TRUE(testing::WaitUntil([&] { return a.TryHold().value_or(false); }, seconds(5)));
  auto check = b.TryHold();
  EXPECT_FALSE(check.ok() && *check);
  EXPECT_FALSE(b.held());
}

TEST_F(WorkerRepoTest, ScaleStatusPrintsWorkersAndDecisions) {
  Register("h1:42:aa");
  ASSERT_TRUE(repo().RecordDecision({.autoscaler = "h:1", .provider = "local", .queued = 5, .current_workers = 0,
                                     .desired_workers = 1, .action = ScalingAction::kStart, .count = 1,
                                     .reason = "5 queued > 0 workers × 50"}).ok());
  auto env = testing::WorkerSettings(test_db());
  auto json = testing::RunJobrec({"scale", "status", "--json"}, env);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  auto parsed = nlohmann::json::parse(json.output);
  ASSERT_EQ(parsed["workers"].size(), 1u);
  EXPECT_EQ(parsed["workers"][0]["lease_owner"], "h1:42:aa");
  EXPECT_EQ(parsed["workers"][0]["state"], "starting");
  EXPECT_TRUE(parsed["workers"][0]["current_task_id"].is_null());
  ASSERT_EQ(parsed["decisions"].size(), 1u);
  EXPECT_EQ(parsed["decisions"][0]["action"], "start");
  EXPECT_EQ(parsed["decisions"][0]["reason"], "5 queued > 0 workers × 50");

  auto text = testing::RunJobrec({"scale", "status"}, env);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("starting"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("5 queued > 0 workers × 50"), std::string::npos) << text.output;

  auto bad = testing::RunJobrec({"scale", "status", "--decisions", "0"}, env);
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_NE(bad.output.find("--decisions"), std::string::npos) << bad.output;
  auto disabled = testing::RunJobrec({"scale", "run"}, testing::WorkerSettings(test_db(), {"JOBREC_AUTOSCALER_ENABLED=false"}));
  EXPECT_EQ(disabled.exit_code, 2) << disabled.output;
  EXPECT_NE(disabled.output.find("autoscaler.enabled"), std::string::npos) << disabled.output;
  auto contradictory = testing::RunJobrec(
      {"scale", "run"}, testing::WorkerSettings(test_db(), {"JOBREC_AUTOSCALER_MIN_WORKERS=5", "JOBREC_AUTOSCALER_MAX_WORKERS=2"}));
  EXPECT_EQ(contradictory.exit_code, 2) << contradictory.output;
  EXPECT_NE(contradictory.output.find("autoscaler.min_workers"), std::string::npos) << contradictory.output;
}

}  // namespace
}  // namespace jobrec::store
