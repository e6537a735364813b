// Scheduled syncs: the scheduler enqueues each due source once per interval however many
// replicas run one, and the ingest.sync task handler runs the sync on a worker.
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/ingest/sync_scheduler.h"
#include "jobrec/tasks/ingest_sync_task.h"
#include "jobrec/tasks/worker.h"
#include "tests/ingest_test_support.h"
#include "tests/support/child_process.h"

namespace jobrec::testing {
namespace {

using std::chrono::milliseconds;

class IngestScheduleTest : public IngestTest {
 protected:
  int64_t SyncTasks(const std::string& where = "true") {
    return test_db().QueryInt("SELECT count(*) FROM tasks WHERE kind = 'ingest.sync' AND " + where);
  }
  // Both schedulers tick at the same moment, as two replicas would.
  int TickTogether(ingest::SyncScheduler& a, ingest::SyncScheduler& b) {
    absl::StatusOr<int> ra = 0, rb = 0;
    {
      std::jthread ta([&] { ra = a.TickOnce(); });
      std::jthread tb([&] { rb = b.TickOnce(); });
    }
    EXPECT_TRUE(ra.ok()) << ra.status();
    EXPECT_TRUE(rb.ok()) << rb.status();
    return ra.value_or(0) + rb.value_or(0);
  }
};

TEST_F(IngestScheduleTest, TwoSchedulersEnqueueEachDueSourceOncePerInterval) {
  const int64_t hourly = AddSource({.name = "hourly", .kind = "fake", .interval = std::chrono::minutes(60)});
  AddSource({.name = "on-demand", .kind = "fake"});
  AddSource({.name = "disabled", .kind = "fake", .interval = std::chrono::minutes(60), .enabled = false});
  store::TaskQueue queue_a(db(), 5), queue_b(db(), 5);
  ingest::SyncScheduler a(db(), queue_a, {}), b(db(), queue_b, {});

  EXPECT_EQ(TickTogether(a, b), 1);
  EXPECT_EQ(SyncTasks(), 1);
  EXPECT_EQ(SyncTasks("payload = '{\"source_id\": " + std::to_string(hourly) + "}'::jsonb"), 1);
  EXPECT_EQ(TickTogether(a, b), 0) << "not due again before its interval";
  EXPECT_EQ(SyncTasks(), 1);

  // The interval passes while the first sync is still queued: its pending task is reused.
  test_db().Exec("UPDATE sources SET next_sync_at = now() - interval '1 second' WHERE name = 'hourly'");
  EXPECT_EQ(TickTogether(a, b), 0);
  EXPECT_EQ(SyncTasks(), 1);

  // The sync ran; the next interval passes: one new task.
  test_db().Exec("UPDATE tasks SET state = 'done', finished_at = now()");
  test_db().Exec("UPDATE sources SET next_sync_at = now() - interval '1 second' WHERE name = 'hourly'");
  EXPECT_EQ(TickTogether(a, b), 1);
  EXPECT_EQ(SyncTasks(), 2);
  EXPECT_EQ(test_db().QueryInt(
                "SELECT count(*) FROM sources WHERE name = 'hourly' AND "
                "next_sync_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes'"),
            1);
}

TEST_F(IngestScheduleTest, TheSchedulerThreadTicksUntilStopped) {
  AddSource({.name = "hourly", .kind = "fake", .interval = std::chrono::minutes(60)});
  store::TaskQueue queue(db(), 5);
  ingest::SyncScheduler scheduler(db(), queue, {.interval = milliseconds(50)});
  ASSERT_TRUE(scheduler.Start().ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(scheduler.Start()));
  EXPECT_TRUE(WaitUntil([&] { return SyncTasks() == 1; }, milliseconds(10'000)));
  EXPECT_TRUE(scheduler.Stop().ok());
  EXPECT_TRUE(scheduler.Stop().ok()) << "idempotent";

  ingest::SyncScheduler bad(db(), queue, {.interval = milliseconds(0)});
  EXPECT_TRUE(absl::IsInvalidArgument(bad.Start()));
}

TEST_F(IngestScheduleTest, TheTaskHandlerSyncsTheSourceOnAWorker) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "-task.jsonl");
  std::ofstream(file) << "{\"provider\":\"t\",\"external_id\":\"1\",\"title\":\"Welder\"}\n"
                      << "{\"provider\":\"t\",\"external_id\":\"2\",\"title\":\"Baker\"}\n";
  const int64_t source =
      AddSource({.name = "file", .kind = "jsonl", .params = {{"path", file.string()}}, .full_sync = true});

  tasks::TaskHandlerRegistry registry;
  ASSERT_TRUE(tasks::RegisterIngestTaskHandlers(registry, db(), {}, ingest::ConnectorDeps{}).ok());
  EXPECT_TRUE(
      absl::IsAlreadyExists(tasks::RegisterIngestTaskHandlers(registry, db(), {}, ingest::ConnectorDeps{})));
  store::TaskQueue queue(db(), 5);
  auto worker = tasks::Worker::Start(db(), registry,
                                     {.concurrency = 1,
                                      .lease = milliseconds(5000),
                                      .heartbeat = milliseconds(100),
                                      .poll_interval = milliseconds(100),
                                      .backoff_base = milliseconds(100),
                                      .backoff_cap = milliseconds(1000),
                                      .max_attempts = 3});
  ASSERT_TRUE(worker.ok()) << worker.status();
  auto task = queue.Enqueue(store::SyncTask(source));
  ASSERT_TRUE(task.ok());
  auto state_of = [&](int64_t id) { return queue.Get(id)->state; };
  EXPECT_TRUE(WaitUntil([&] { return state_of(task->id) == store::TaskState::kDone; }, milliseconds(20'000)));
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT task_id FROM sync_runs"), task->id);

  // Payloads that can never work fail at once, without retries.
  for (const nlohmann::json& payload :
       {nlohmann::json({{"source_id", 999999}}), nlohmann::json({{"source", 1}}),
        nlohmann::json({{"source_id", "1"}}), nlohmann::json::array()}) {
    auto bad = queue.Enqueue({.kind = store::kSyncTaskKind, .payload = payload});
    ASSERT_TRUE(bad.ok());
    EXPECT_TRUE(
        WaitUntil([&] { return state_of(bad->id) == store::TaskState::kFailed; }, milliseconds(20'000)))
        << payload.dump();
    EXPECT_EQ(queue.Get(bad->id)->attempts, 1) << payload.dump();
  }
  (*worker)->Stop();
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace jobrec::testing
