// `jobrec migrate` and `jobrec worker` as processes: exit codes, bad configuration, draining.
#include <signal.h>

#include <gtest/gtest.h>

#include "jobrec/store/task_queue.h"
#include "tests/support/child_process.h"
#include "tests/support/test_database.h"

namespace jobrec::cli {
namespace {

void ExpectUsageErrorNaming(const std::vector<std::string>& args, const std::string& assignment,
                            const std::string& key) {
  std::vector<std::string> env = {assignment};
  // Should validation ever let a value through, nothing starts in the working directory.
  if (assignment.rfind("JOBREC_STATE_DIR=", 0) != 0) env.push_back("JOBREC_STATE_DIR=/nonexistent/never-used");
  auto result = testing::RunJobrec(args, env);
  EXPECT_EQ(result.exit_code, 2) << assignment << "\n" << result.output;
  EXPECT_NE(result.output.find(key), std::string::npos) << result.output;
}

TEST(CliConfigTest, BadStoreAndTaskValuesStopWithExitCode2NamingTheKey) {
  ExpectUsageErrorNaming({"migrate"}, "JOBREC_DATABASE_POOL_SIZE=0", "database.pool_size");
  ExpectUsageErrorNaming({"migrate"}, "JOBREC_DATABASE_CHECKOUT_TIMEOUT=forever", "database.checkout_timeout");
  ExpectUsageErrorNaming({"migrate"}, "JOBREC_STATE_DIR=", "state_dir");
  ExpectUsageErrorNaming({"db", "start"}, "JOBREC_DATABASE_EMBEDDED_OS_USER=Bad User", "database.embedded_os_user");
  ExpectUsageErrorNaming({"worker"}, "JOBREC_TASKS_HEARTBEAT_INTERVAL=1m", "tasks.heartbeat_interval");
  ExpectUsageErrorNaming({"worker"}, "JOBREC_TASKS_MAX_ATTEMPTS=0", "tasks.max_attempts");
}

class CliStoreCommandsTest : public testing::DatabaseTest {
 protected:
  std::vector<std::string> Env() { return {"JOBREC_DATABASE_URL=" + test_db().url(), "JOBREC_LOG_FORMAT=json"}; }
};

TEST_F(CliStoreCommandsTest, MigrateStatusListsMigrationsAndFlagsPendingOnes) {
  auto status = testing::RunJobrec({"migrate", "--status"}, Env());
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("0001_task_queue.sql  applied "), std::string::npos) << status.output;
  auto again = testing::RunJobrec({"migrate"}, Env());
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("schema up to date"), std::string::npos) << again.output;
}

class CliEmptyDatabaseTest : public CliStoreCommandsTest {
 protected:
  testing::TestDatabaseOptions DatabaseOptions() const override { return {.migrations = std::vector<store::Migration>{}}; }
};

TEST_F(CliEmptyDatabaseTest, PendingMigrationsFailStatusAndStopTheWorker) {
  auto status = testing::RunJobrec({"migrate", "--status"}, Env());
  EXPECT_EQ(status.exit_code, 1) << status.output;
  EXPECT_NE(status.output.find("0001_task_queue.sql  pending"), std::string::npos) << status.output;
  auto worker = testing::RunJobrec({"worker"}, Env());
  EXPECT_EQ(worker.exit_code, 1) << worker.output;
  EXPECT_NE(worker.output.find("run `jobrec migrate`"), std::string::npos) << worker.output;
}

TEST_F(CliStoreCommandsTest, WorkerFailsUnknownKindsAndDrainsOnSigterm) {
  testing::ChildProcess worker({testing::JobrecBinary(), "worker", "--concurrency", "2"}, Env());
  ASSERT_TRUE(worker.WaitForOutput("tasks.worker_started", std::chrono::seconds(10))) << worker.Output();
  store::TaskQueue queue(db(), 5);
  auto task = queue.Enqueue({.kind = "not.registered", .max_attempts = 1});
  ASSERT_TRUE(task.ok()) << task.status();
  ASSERT_TRUE(testing::WaitUntil([&] { return queue.Get(task->id)->state == store::TaskState::kDead; },
                                 std::chrono::seconds(10)))
      << worker.Output();
  EXPECT_NE(queue.Get(task->id)->last_error.find("no handler for task kind 'not.registered'"), std::string::npos);
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(std::chrono::seconds(10)), std::optional<int>(0)) << worker.Output();
  EXPECT_NE(worker.Output().find("tasks.worker_stopped"), std::string::npos);
}

}  // namespace
}  // namespace jobrec::cli
