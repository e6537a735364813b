// A worker process killed with SIGKILL in the middle of a task: once its lease expires another
// worker runs the task again, and the handler's idempotent effect exists exactly once.
#include <signal.h>

#include <gtest/gtest.h>

#include "jobrec/store/task_queue.h"
#include "tests/support/child_process.h"
#include "tests/support/test_database.h"

namespace jobrec::tasks {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kLease{2000};
constexpr milliseconds kHeartbeat{500};

class WorkerCrashTest : public testing::DatabaseTest {
 protected:
  std::unique_ptr<testing::ChildProcess> StartWorkerProcess() {
    auto process = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{JOBREC_TEST_WORKER, test_db().url(), std::to_string(kLease.count()),
                                 std::to_string(kHeartbeat.count())},
        std::vector<std::string>{"JOBREC_LOG_FORMAT=json"});
    EXPECT_TRUE(process->WaitForOutput("worker ready", std::chrono::seconds(10))) << process->Output();
    return process;
  }
};

TEST_F(WorkerCrashTest, AKilledWorkersTaskIsFinishedByAnotherAfterTheLeaseExpires) {
  test_db().Exec("CREATE TABLE test_runs (task_id bigint, attempt int, pid int, at timestamptz DEFAULT clock_timestamp())");
  test_db().Exec("CREATE TABLE test_effects (task_id bigint PRIMARY KEY, note text)");
  store::TaskQueue queue(db(), 5);
  auto enqueued = queue.Enqueue({.kind = "test.effect_once", .payload = {{"sleep_ms", 60'000}, {"note", "paid"}}});
  ASSERT_TRUE(enqueued.ok()) << enqueued.status();
  const std::string id = std::to_string(enqueued->id);

  auto doomed = StartWorkerProcess();
  ASSERT_TRUE(testing::WaitUntil([&] { return test_db().QueryInt("SELECT count(*) FROM test_runs") == 1; },
                                 std::chrono::seconds(10)));
  doomed->Signal(SIGKILL);
  ASSERT_EQ(doomed->Wait(std::chrono::seconds(5)), std::optional<int>(128 + SIGKILL));
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM tasks WHERE id = " + id), "running");

  auto rescuer = StartWorkerProcess();
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return test_db().QueryValue("SELECT state FROM tasks WHERE id = " + id) == "done"; },
      std::chrono::seconds(20)))
      << rescuer->Output();

  EXPECT_EQ(test_db().QueryInt("SELECT attempts FROM tasks WHERE id = " + id), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM test_runs"), 2);  // it really ran twice
  EXPECT_EQ(test_db().QueryInt("SELECT count(DISTINCT pid) FROM test_runs"), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM test_effects"), 1);  // its effect exists once
  EXPECT_EQ(test_db().QueryValue("SELECT note FROM test_effects WHERE task_id = " + id), "paid");
  auto last_error = test_db().QueryValue("SELECT last_error FROM tasks WHERE id = " + id).value_or("");
  EXPECT_NE(last_error.find("expired during attempt 1"), std::string::npos) << last_error;
  // The second run waited for the dead worker's lease to run out (margin for a loaded machine:
  // the lease counts from the claim, a little before the first run's row).
  EXPECT_GE(test_db().QueryInt("SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::bigint FROM test_runs"),
            kLease.count() / 2);

  rescuer->Signal(SIGTERM);
  EXPECT_EQ(rescuer->Wait(std::chrono::seconds(10)), std::optional<int>(0)) << rescuer->Output();
}

}  // namespace
}  // namespace jobrec::tasks
