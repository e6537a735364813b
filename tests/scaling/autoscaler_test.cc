// The autoscaler end to end: a real PostgreSQL, the local provisioner spawning the real
// `jobrec worker` binary, system.probe tasks as the workload (their task_probe_runs rows
// show every completed run).
#include <signal.h>

#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/cloud/cloud_options.h"
#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/autoscaler_setup.h"
#include "jobrec/tasks/none_provisioner.h"
#include "jobrec/tasks/testing/fake_ec2.h"
#include "tests/scaling/scaling_support.h"
#include "tests/support/child_process.h"

namespace jobrec::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class AutoscalerTest : public DatabaseTest {
 protected:
  int64_t Count(const std::string& sql) { return test_db().QueryInt(sql); }
  int64_t LiveWorkers() { return Count("SELECT count(*) FROM workers WHERE state IN ('idle', 'busy', 'starting')"); }
  // No task ran to completion twice, none is missing.
  void ExpectEveryProbeRanOnce(int64_t n) {
    EXPECT_EQ(Count("SELECT count(*) FROM tasks WHERE state = 'done'"), n);
    EXPECT_EQ(Count("SELECT count(*) FROM task_probe_runs"), n);
    EXPECT_EQ(Count("SELECT count(*) FROM task_probe_runs WHERE completions <> 1"), 0);
  }
  // The pid in the identity (host:pid) of the autoscaler that made the latest decision; 0 before
  // the first.
  pid_t HolderPid() {
    auto who = test_db().QueryValue("SELECT autoscaler FROM scaling_decisions ORDER BY id DESC LIMIT 1");
    return who ? std::stoi(who->substr(who->rfind(':') + 1)) : 0;
  }
  std::string log_path() { return "/tmp/jobrec-scaling-" + test_db().name() + ".log"; }
  void TearDown() override {
    if (HasFailure()) ADD_FAILURE() << "worker output:\n" << Tail(log_path());
    unlink(log_path().c_str());
    DatabaseTest::TearDown();
  }
};

TEST_F(AutoscalerTest, BurstScalesFromZeroToMaxDrainsAndScalesBackToMin) {
  constexpr int kTasks = 500;
  ASSERT_EQ(EnqueueProbes(test_db(), kTasks, 5), kTasks);
  auto autoscaler = MakeLocalAutoscaler(
      test_db(), {.policy = {.min_workers = 0, .max_workers = 4, .tasks_per_worker = 50, .idle_period = seconds(2)},
                  .worker_settings = WorkerSettings(test_db(), {"JOBREC_TASKS_WORKER_CONCURRENCY=4"})});
  ASSERT_NE(autoscaler, nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(autoscaler->Start().ok());

  int64_t most_live = 0;
  ASSERT_TRUE(WaitUntil(
      [&] {
        most_live = std::max(most_live, LiveWorkers());
        return Count("SELECT count(*) FROM tasks WHERE state = 'done'") == kTasks;
      },
      seconds(30)))
      << Count("SELECT count(*) FROM tasks WHERE state = 'done'") << " done";
  const auto drained = std::chrono::steady_clock::now();
  EXPECT_EQ(most_live, 4);
  EXPECT_TRUE(autoscaler->is_leader());

  // The first decision started max at once, with the backlog in its reason.
  auto first = test_db().QueryRows(
      "SELECT current_workers, desired_workers, action, count, reason, queued FROM scaling_decisions ORDER BY id LIMIT 1");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0][0], "0");
  EXPECT_EQ(first[0][1], "4");
  EXPECT_EQ(first[0][2], "start");
  EXPECT_EQ(first[0][3], "4");
  EXPECT_EQ(first[0][4].rfind("500 queued (oldest ", 0), 0u) << first[0][4];
  EXPECT_NE(first[0][4].find("> 0 workers × 50"), std::string::npos) << first[0][4];
  EXPECT_NE(first[0][4].find("want 10, capped at max 4; start 4"), std::string::npos) << first[0][4];

  // Back to min once the idle period has passed: every worker drained and stopped.
  ASSERT_TRUE(WaitUntil([&] { return Count("SELECT count(*) FROM workers WHERE state <> 'stopped'") == 0; }, seconds(15)))
      << test_db().QueryRows("SELECT id, state FROM workers").size();
  const auto scaled_down = std::chrono::steady_clock::now();
  EXPECT_EQ(Count("SELECT count(*) FROM workers"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM workers WHERE provider = 'local' AND exit_reason = 'drain'"), 4);
  // Usually one stop of all four; a worker still reported busy at that moment is stopped a tick later.
  EXPECT_EQ(Count("SELECT sum(count) FROM scaling_decisions WHERE action = 'stop'"), 4);
  EXPECT_EQ(Count("SELECT desired_workers FROM scaling_decisions WHERE action = 'stop' ORDER BY id DESC LIMIT 1"), 0);
  EXPECT_GE(Count("SELECT count(*) FROM scaling_decisions WHERE action = 'hold'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM scaling_decisions WHERE action = 'error'"), 0);
  ExpectEveryProbeRanOnce(kTasks);
  // Idle period 2 s, then a drain: the scale-down is neither early nor late.
  EXPECT_GE(scaled_down - drained, milliseconds(1500));
  EXPECT_LT(scaled_down - drained, seconds(10));
  RecordProperty("drain_ms", std::chrono::duration_cast<milliseconds>(drained - t0).count());
  RecordProperty("scale_down_ms", std::chrono::duration_cast<milliseconds>(scaled_down - drained).count());
  autoscaler->Stop();
}

TEST_F(AutoscalerTest, AWorkerKilledMidTaskLosesNothing) {
  constexpr int kTasks = 6;
  ASSERT_EQ(EnqueueProbes(test_db(), kTasks, 1500), kTasks);
  auto autoscaler = MakeLocalAutoscaler(
      test_db(), {.policy = {.min_workers = 0, .max_workers = 2, .tasks_per_worker = 3, .idle_period = seconds(60)},
                  .worker_settings = WorkerSettings(test_db(), {"JOBREC_TASKS_WORKER_CONCURRENCY=4"})});
  ASSERT_NE(autoscaler, nullptr);
  ASSERT_TRUE(autoscaler->Start().ok());

  // A worker in the middle of a task: its row names the task and the pid to kill.
  std::vector<std::vector<std::string>> busy;
  ASSERT_TRUE(WaitUntil(
      [&] {
        busy = test_db().QueryRows(
            "SELECT w.id, w.instance_id, w.current_task_id FROM workers w JOIN tasks t ON t.id = w.current_task_id "
            "WHERE w.state = 'busy' AND t.state = 'running' ORDER BY w.id LIMIT 1");
        return !busy.empty();
      },
      seconds(15)));
  const std::string worker_id = busy[0][0];
  const pid_t pid = std::stoi(busy[0][1]);
  const std::string task_id = busy[0][2];
  ASSERT_EQ(kill(pid, SIGKILL), 0);

  ASSERT_TRUE(WaitUntil([&] { return Count("SELECT count(*) FROM tasks WHERE state = 'done'") == kTasks; }, seconds(20)));
  ExpectEveryProbeRanOnce(kTasks);
  // The killed run never completed; the task was run again after its lease expired, by another process.
  EXPECT_EQ(Count("SELECT attempts FROM tasks WHERE id = " + task_id), 2);
  EXPECT_EQ(Count("SELECT last_attempt FROM task_probe_runs WHERE task_id = " + task_id), 2);
  auto runner = test_db().QueryValue("SELECT last_worker FROM task_probe_runs WHERE task_id = " + task_id);
  ASSERT_TRUE(runner.has_value());
  EXPECT_NE(runner->substr(runner->rfind(':') + 1), std::to_string(pid));
  // Its row stops heartbeating and is marked lost.
  EXPECT_TRUE(WaitUntil([&] { return test_db().QueryValue("SELECT state FROM workers WHERE id = " + worker_id) == "lost"; },
                        seconds(5)));
  autoscaler->Stop();
  EXPECT_EQ(Count("SELECT count(*) FROM workers WHERE state NOT IN ('stopped', 'lost')"), 0);
}

std::unique_ptr<tasks::Autoscaler> RecordingAutoscaler(store::Database& db, const std::string& identity) {
  auto autoscaler = tasks::Autoscaler::Create(db, std::make_unique<tasks::NoneProvisioner>(),
                                              {.interval = milliseconds(100), .identity = identity});
  EXPECT_TRUE(autoscaler.ok()) << autoscaler.status();
  return autoscaler.ok() ? std::move(autoscaler).value() : nullptr;
}

TEST_F(AutoscalerTest, TwoInstancesRunOneLeaderAndHandOverWhenItStops) {
  auto a = RecordingAutoscaler(db(), "a");
  auto b = RecordingAutoscaler(db(), "b");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Start().ok());
  ASSERT_TRUE(b->Start().ok());
  EXPECT_EQ(a->Start().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(WaitUntil([&] { return a->is_leader() || b->is_leader(); }, seconds(5)));
  // For a second (10 ticks each), never both and never neither.
  auto until = std::chrono::steady_clock::now() + seconds(1);
  while (std::chrono::steady_clock::now() < until) {
    ASSERT_NE(a->is_leader(), b->is_leader());
    std::this_thread::sleep_for(milliseconds(10));
  }
  tasks::Autoscaler& leader = a->is_leader() ? *a : *b;
  tasks::Autoscaler& follower = a->is_leader() ? *b : *a;
  const std::string follower_name = a->is_leader() ? "b" : "a";
  EXPECT_GT(leader.Status().ticks, 0u);
  EXPECT_EQ(follower.Status().ticks, 0u);
  EXPECT_EQ(Count("SELECT count(DISTINCT autoscaler) FROM scaling_decisions"), 1);

  auto t0 = std::chrono::steady_clock::now();
  leader.Stop();
  ASSERT_TRUE(WaitUntil([&] { return follower.is_leader(); }, seconds(5)));
  auto handover = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(handover, milliseconds(500));  // within a few 100 ms ticks
  RecordProperty("handover_ms", std::chrono::duration_cast<milliseconds>(handover).count());
  ASSERT_TRUE(WaitUntil([&] {
    return Count("SELECT count(*) FROM scaling_decisions WHERE autoscaler = '" + follower_name + "'") > 0;
  }, seconds(5)));
}

TEST_F(AutoscalerTest, ALeaderWhoseSessionDiesStepsDown) {
  auto a = RecordingAutoscaler(db(), "a");
  ASSERT_TRUE(a->Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return a->is_leader(); }, seconds(5)));
  auto b = RecordingAutoscaler(db(), "b");
  ASSERT_TRUE(b->Start().ok());
  // The lock's session ends (network loss, server restart): a must notice, b must take over.
  test_db().QueryValue("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted");
  ASSERT_TRUE(WaitUntil([&] { return b->is_leader(); }, seconds(5)));
  EXPECT_TRUE(WaitUntil([&] { return !a->is_leader(); }, seconds(5)));
  EXPECT_FALSE(a->is_leader() && b->is_leader());
}

TEST_F(AutoscalerTest, KillingTheHoldingProcessHandsOver) {
  // Two `jobrec scale run` processes, provider none: they only elect a leader and record.
  auto env = WorkerSettings(test_db(), {"JOBREC_AUTOSCALER_PROVIDER=none", "JOBREC_AUTOSCALER_INTERVAL=200ms",
                                        "JOBREC_LOG_LEVEL=info"});
  ChildProcess first({JobrecBinary(), "scale", "run"}, env);
  ChildProcess second({JobrecBinary(), "scale", "run"}, env);
  ASSERT_TRUE(WaitUntil([&] { return HolderPid() != 0; }, seconds(10))) << first.Output() << second.Output();
  ChildProcess& holder = HolderPid() == first.pid() ? first : second;
  ChildProcess& other = HolderPid() == first.pid() ? second : first;
  ASSERT_EQ(HolderPid(), holder.pid());

  auto t0 = std::chrono::steady_clock::now();
  holder.Signal(SIGKILL);
  ASSERT_TRUE(WaitUntil([&] { return HolderPid() == other.pid(); }, seconds(10))) << other.Output();
  auto handover = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(handover, seconds(2));  // one 200 ms tick after the server frees the lock
  RecordProperty("process_handover_ms", std::chrono::duration_cast<milliseconds>(handover).count());

  other.Signal(SIGTERM);
  EXPECT_EQ(other.Wait(seconds(10)), 0) << other.Output();
}

TEST_F(AutoscalerTest, TwoServeReplicasRunOneAutoscalerAndKillingItsHolderHandsOver) {
  // The deployment shape: two `jobrec serve` replicas on one database.
  auto env = WorkerSettings(test_db(), {"JOBREC_AUTOSCALER_PROVIDER=none", "JOBREC_AUTOSCALER_INTERVAL=200ms",
                                        "JOBREC_LOG_LEVEL=info", "JOBREC_TASKS_INPROCESS_WORKERS=0",
                                        "JOBREC_INGEST_LOAD_DEMO_CORPUS=false"});
  ChildProcess first({JobrecBinary(), "serve", "--port", "0"}, env);
  ChildProcess second({JobrecBinary(), "serve", "--port", "0"}, env);
  ASSERT_TRUE(WaitUntil([&] { return HolderPid() != 0; }, seconds(30))) << first.Output() << second.Output();
  ChildProcess& holder = HolderPid() == first.pid() ? first : second;
  ChildProcess& other = HolderPid() == first.pid() ? second : first;
  ASSERT_EQ(HolderPid(), holder.pid());
  // Only the holder decides while both run.
  std::string other_id = "%:" + std::to_string(other.pid());
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM scaling_decisions WHERE autoscaler LIKE '" + other_id + "'"), 0);

  holder.Signal(SIGKILL);
  ASSERT_TRUE(WaitUntil([&] { return HolderPid() == other.pid(); }, seconds(10))) << other.Output();
  other.Signal(SIGTERM);
  EXPECT_EQ(other.Wait(seconds(30)), 0) << other.Output();
}

TEST_F(AutoscalerTest, LocalWorkersDrainWhenTheirAutoscalerProcessDies) {
  // `jobrec scale run` keeps min_workers = 2 local workers; SIGKILL it, and the kernel's
  // parent-death signal makes both drain and stop instead of running on unsupervised.
  ChildProcess scaler({JobrecBinary(), "scale", "run"},
                      WorkerSettings(test_db(), {"JOBREC_AUTOSCALER_MIN_WORKERS=2", "JOBREC_AUTOSCALER_INTERVAL=200ms"}));
  ASSERT_TRUE(WaitUntil([&] { return Count("SELECT count(*) FROM workers WHERE state = 'idle'") == 2; }, seconds(15)))
      << scaler.Output();
  EXPECT_EQ(Count("SELECT count(*) FROM workers WHERE provider = 'local'"), 2);
  scaler.Signal(SIGKILL);
  ASSERT_TRUE(WaitUntil([&] { return Count("SELECT count(*) FROM workers WHERE state = 'stopped'") == 2; }, seconds(10)))
      << scaler.Output();
  EXPECT_EQ(Count("SELECT count(*) FROM workers WHERE exit_reason = 'drain'"), 2);
}

TEST_F(AutoscalerTest, Ec2ProviderFromConfigLaunchesAdoptsAfterARestartAndTerminates) {
  tasks::testing::FakeEc2 fake;
  setenv("AWS_ACCESS_KEY_ID", tasks::testing::kFakeEc2Credentials.access_key_id.c_str(), 1);
  setenv("AWS_SECRET_ACCESS_KEY", tasks::testing::kFakeEc2Credentials.secret_access_key.c_str(), 1);
  setenv("AWS_SESSION_TOKEN", tasks::testing::kFakeEc2Credentials.session_token.c_str(), 1);
  auto keys = tasks::AutoscalerConfigKeys();
  for (auto& key : cloud::CloudConfigKeys()) keys.push_back(key);
  auto config = common::Config::Load(
      keys, std::nullopt,
      {"JOBREC_AUTOSCALER_PROVIDER=ec2", "JOBREC_AUTOSCALER_INTERVAL=100ms", "JOBREC_AUTOSCALER_MAX_WORKERS=3",
       "JOBREC_AUTOSCALER_TASKS_PER_WORKER=10", "JOBREC_AUTOSCALER_IDLE_PERIOD=0",
       "JOBREC_AUTOSCALER_EC2_CLUSTER=test", "JOBREC_AUTOSCALER_EC2_IMAGE_ID=ami-0jobrec",
       "JOBREC_AUTOSCALER_EC2_INSTANCE_TYPE=c6i.large", "JOBREC_AUTOSCALER_EC2_INSTANCE_PROFILE=jobrec-worker",
       "JOBREC_AUTOSCALER_EC2_SUBNET_IDS=subnet-1,subnet-2",
       "JOBREC_AUTOSCALER_EC2_SSM_PARAMETERS=JOBREC_DATABASE_URL=/jobrec/test/database-url",
       "JOBREC_CLOUD_REGION=us-east-1", "JOBREC_CLOUD_EC2_ENDPOINT=" + fake.Url()});
  ASSERT_TRUE(config.ok()) << config.status();
  // Nobody runs these: the instances are fakes.
  ASSERT_EQ(EnqueueProbes(test_db(), 25, 0), 25);

  auto first = tasks::AutoscalerFromConfig(*config, db(), std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*first)->Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return fake.Requests("RunInstances").size() == 3; }, seconds(5)));
  (*first)->Stop();  // the instances keep running

  auto second = tasks::AutoscalerFromConfig(*config, db(), std::nullopt);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE((*second)->Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return (*second)->Status().ticks >= 3; }, seconds(5)));
  EXPECT_EQ(fake.Requests("RunInstances").size(), 3u);  // adopted, not launched again
  EXPECT_EQ((*second)->Status().last->current_workers, 3);
  EXPECT_EQ((*second)->Status().last->action, store::ScalingAction::kSteady);

  // The backlog is gone and the idle period is 0: every instance is terminated.
  test_db().Exec("UPDATE tasks SET state = 'failed', last_error = 'cancelled', finished_at = now()");
  ASSERT_TRUE(WaitUntil([&] { return fake.Requests("TerminateInstances").size() == 3; }, seconds(5)));
  for (const auto& instance : fake.Instances()) EXPECT_EQ(instance.state, "terminated") << instance.id;
  (*second)->Stop();
  EXPECT_TRUE(fake.SignatureProblems().empty());
  EXPECT_EQ(Count("SELECT count(*) FROM scaling_decisions WHERE provider = 'ec2' AND action = 'start' AND count = 3"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM scaling_decisions WHERE provider = 'ec2' AND action = 'stop' AND count = 3"), 1);
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
}

}  // namespace
}  // namespace jobrec::testing
