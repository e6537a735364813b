// A `jobrec worker` process's row in the workers table: registration, heartbeats with the
// current task, idle exit, drain on SIGTERM, and the exit codes.
#include <signal.h>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include "tests/scaling/scaling_support.h"
#include "tests/support/child_process.h"

namespace jobrec::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class WorkerLifecycleTest : public DatabaseTest {
 protected:
  std::optional<std::string> State(const std::string& where = "true") {
    return test_db().QueryValue("SELECT state FROM workers WHERE " + where + " ORDER BY id DESC LIMIT 1");
  }
};

TEST_F(WorkerLifecycleTest, RegistersReportsItsTaskAndExitsWhenIdle) {
  ChildProcess worker({JobrecBinary(), "worker", "--concurrency", "1"},
                      WorkerSettings(test_db(), {"JOBREC_WORKER_IDLE_EXIT=2500ms", "JOBREC_WORKER_INSTANCE_ID=pod-7"}));
  ASSERT_TRUE(WaitUntil([&] { return State() == "idle"; }, seconds(10))) << worker.Output();
  auto row = test_db().QueryRows("SELECT provider, instance_id, concurrency, lease_owner, host FROM workers");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0], "external");
  EXPECT_EQ(row[0][1], "pod-7");
  EXPECT_EQ(row[0][2], "1");
  EXPECT_NE(row[0][3].find(absl::StrCat(":", worker.pid(), ":")), std::string::npos) << row[0][3];  // host:pid:random
  EXPECT_FALSE(row[0][4].empty());

  // Heartbeats keep coming while idle.
  auto beat = test_db().QueryValue("SELECT last_heartbeat_at FROM workers");
  ASSERT_TRUE(WaitUntil([&] { return test_db().QueryValue("SELECT last_heartbeat_at FROM workers") != beat; },
                        seconds(2)));

  test_db().Exec("INSERT INTO tasks (kind, payload) VALUES ('system.probe', '{\"ms\": 800}')");
  const std::string task_id = *test_db().QueryValue("SELECT max(id) FROM tasks");
  ASSERT_TRUE(WaitUntil([&] { return test_db().QueryValue("SELECT current_task_id FROM workers") == task_id; },
                        seconds(5)));
  EXPECT_EQ(State(), "busy");
  ASSERT_TRUE(WaitUntil([&] { return test_db().QueryValue("SELECT state FROM tasks") == "done"; }, seconds(5)));
  ASSERT_TRUE(WaitUntil([&] { return State() == "idle"; }, seconds(2)));
  EXPECT_EQ(test_db().QueryValue("SELECT current_task_id FROM workers"), std::nullopt);

  // 2.5 s without a task: the worker drains and exits by itself, with status 0.
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(worker.Wait(seconds(10)), 0) << worker.Output();
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(500));
  auto stopped = test_db().QueryRows("SELECT state, exit_reason, stopped_at IS NOT NULL FROM workers");
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0], (std::vector<std::string>{"stopped", "idle", "t"}));
}

TEST_F(WorkerLifecycleTest, DrainsOnSigtermAndHandsBackWhatItCannotFinish) {
  ChildProcess worker({JobrecBinary(), "worker", "--concurrency", "2"}, WorkerSettings(test_db()));
  ASSERT_TRUE(WaitUntil([&] { return State() == "idle"; }, seconds(10))) << worker.Output();
  test_db().Exec("INSERT INTO tasks (kind, payload) VALUES ('system.probe', '{\"ms\": 60000}')");
  ASSERT_TRUE(WaitUntil([&] { return State() == "busy"; }, seconds(5)));
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(seconds(10)), 0) << worker.Output();
  EXPECT_EQ(test_db().QueryRows("SELECT state, exit_reason FROM workers")[0],
            (std::vector<std::string>{"stopped", "drain"}));
  // The probe was interrupted and handed back unrun, not lost and not counted.
  EXPECT_EQ(test_db().QueryRows("SELECT state, attempts FROM tasks")[0], (std::vector<std::string>{"queued", "0"}));
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM task_probe_runs"), 0);
}

TEST_F(WorkerLifecycleTest, IdleExitWithShutdownAsksItsUnitToPowerOff) {
  ChildProcess worker({JobrecBinary(), "worker"},
                      WorkerSettings(test_db(), {"JOBREC_WORKER_IDLE_EXIT=300ms", "JOBREC_WORKER_PROVIDER=ec2",
                                                 "JOBREC_WORKER_INSTANCE_ID=i-0123456789abcdef0",
                                                 "JOBREC_WORKER_SHUTDOWN_ON_IDLE_EXIT=true"}));
  EXPECT_EQ(worker.Wait(seconds(10)), 3) << worker.Output();
  EXPECT_EQ(test_db().QueryRows("SELECT provider, instance_id, state, exit_reason FROM workers")[0],
            (std::vector<std::string>{"ec2", "i-0123456789abcdef0", "stopped", "idle"}));
}

TEST_F(WorkerLifecycleTest, RejectsContradictoryWorkerSettings) {
  auto result = RunJobrec({"worker"}, WorkerSettings(test_db(), {"JOBREC_WORKER_SHUTDOWN_ON_IDLE_EXIT=true"}));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("worker.shutdown_on_idle_exit"), std::string::npos) << result.output;
  result = RunJobrec({"worker"}, WorkerSettings(test_db(), {"JOBREC_WORKER_PROVIDER=gce"}));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("worker.provider"), std::string::npos) << result.output;
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM workers"), 0);
}

}  // namespace
}  // namespace jobrec::testing
