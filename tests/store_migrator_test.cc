// Schema migrations against a real PostgreSQL: idempotence, concurrency, failure, tampering.
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/store/migrator.h"
#include "tests/support/child_process.h"
#include "tests/support/test_database.h"

namespace jobrec::store {
namespace {

class MigratorTest : public testing::DatabaseTest {
 protected:
  // Start from an empty database; each test migrates it itself.
  testing::TestDatabaseOptions DatabaseOptions() const override { return {.migrations = std::vector<Migration>{}}; }

  Migrator Make(std::vector<Migration> migrations) {
    auto migrator = Migrator::Create(std::move(migrations));
    EXPECT_TRUE(migrator.ok()) << migrator.status();
    return *migrator;
  }
  bool TableExists(const std::string& name) {
    return test_db().QueryValue("SELECT to_regclass('" + name + "')::text").has_value();
  }
};

TEST_F(MigratorTest, EmbeddedMigrationsApplyOnceAndASecondRunIsANoOp) {
  auto migrator = Migrator::Embedded();
  ASSERT_TRUE(migrator.ok()) << migrator.status();
  EXPECT_FALSE(*migrator->UpToDate(db()));

  auto first = migrator->Apply(db());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), migrator->migrations().size());
  EXPECT_EQ(first->front(), "0001_task_queue.sql");
  EXPECT_TRUE(TableExists("tasks"));

  auto second = migrator->Apply(db());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(migrator->migrations().size()));
  EXPECT_TRUE(*migrator->UpToDate(db()));
}

TEST_F(MigratorTest, StatusListsAppliedPendingAndUnknown) {
  Migrator one = Make({{.version = 1, .name = "a", .sql = "CREATE TABLE a (x int)"}});
  ASSERT_TRUE(one.Apply(db()).ok());
  Migrator two = Make({{.version = 2, .name = "b", .sql = "CREATE TABLE b (x int)"},
                       {.version = 3, .name = "c", .sql = "CREATE TABLE c (x int)"}});
  auto statuses = two.Status(db());
  ASSERT_TRUE(statuses.ok()) << statuses.status();
  ASSERT_EQ(statuses->size(), 3u);
  EXPECT_EQ((*statuses)[0].file_name, "0002_b.sql");
  EXPECT_FALSE((*statuses)[0].applied);
  EXPECT_EQ((*statuses)[2].file_name, "0001_a.sql");
  EXPECT_TRUE((*statuses)[2].applied);
  EXPECT_TRUE((*statuses)[2].unknown);
  EXPECT_FALSE((*statuses)[2].applied_at.empty());
  EXPECT_FALSE(*two.UpToDate(db()));
  ASSERT_TRUE(two.Apply(db()).ok());
  EXPECT_TRUE(*two.UpToDate(db()));  // a migration only newer binaries know does not matter
}

TEST_F(MigratorTest, ConcurrentMigratorsApplyEachMigrationExactlyOnce) {
  // 0002 sleeps so that the second migrator surely arrives while the first holds the lock.
  const std::vector<Migration> migrations = {
      {.version = 1, .name = "counter", .sql = "CREATE TABLE counter (version int NOT NULL)"},
      {.version = 2, .name = "slow", .sql = "SELECT pg_sleep(0.5); INSERT INTO counter VALUES (2)"},
      {.version = 3, .name = "fast", .sql = "INSERT INTO counter VALUES (3)"},
  };
  constexpr int kMigrators = 4;
  std::vector<std::unique_ptr<Database>> pools;
  for (int i = 0; i < kMigrators; ++i) {
    auto pool = Database::Open({.url = test_db().url(), .pool_size = 1});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pools.push_back(std::move(pool).value());
  }
  std::latch start(kMigrators);
  std::vector<absl::StatusOr<std::vector<std::string>>> results(kMigrators, absl::UnknownError("not run"));
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kMigrators; ++i) {
      threads.emplace_back([&, i] {
        Migrator migrator = Make(migrations);
        start.arrive_and_wait();
        results[i] = migrator.Apply(*pools[i]);
      });
    }
  }
  size_t applied_total = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    applied_total += result->size();
  }
  EXPECT_EQ(applied_total, 3u);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM counter"), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM schema_migrations"), 3);
}

TEST_F(MigratorTest, ConcurrentProcessesApplyEachMigrationExactlyOnce) {
  std::vector<std::unique_ptr<testing::ChildProcess>> processes;
  for (int i = 0; i < 2; ++i) {
    processes.push_back(std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{testing::JobrecBinary(), "migrate"},
        std::vector<std::string>{"JOBREC_DATABASE_URL=" + test_db().url(), "JOBREC_LOG_FORMAT=json"}));
  }
  int applied_lines = 0;
  for (auto& process : processes) {
    auto code = process->Wait(std::chrono::seconds(60));
    ASSERT_EQ(code, std::optional<int>(0)) << process->Output();
    if (process->Output().find("applied 0001_task_queue.sql") != std::string::npos) ++applied_lines;
  }
  EXPECT_EQ(applied_lines, 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(EmbeddedMigrations().size()));
  EXPECT_EQ(test_db().QueryInt("SELECT count(DISTINCT version) FROM schema_migrations"),
            static_cast<int64_t>(EmbeddedMigrations().size()));
}

TEST_F(MigratorTest, AFailingMigrationLeavesTheDatabaseAsItWasAndNamesTheFile) {
  Migrator migrator = Make({
      {.version = 1, .name = "good", .sql = "CREATE TABLE good (x int)"},
      {.version = 2, .name = "broken", .sql = "CREATE TABLE half (x int);\nINSERT INTO missing_table VALUES (1);"},
      {.version = 3, .name = "after", .sql = "CREATE TABLE after (x int)"},
  });
  auto result = migrator.Apply(db());
  ASSERT_FALSE(result.ok());
  const std::string message(result.status().message());
  EXPECT_NE(message.find("0002_broken.sql"), std::string::npos) << message;
  EXPECT_NE(message.find("relation \"missing_table\" does not exist"), std::string::npos) << message;
  EXPECT_TRUE(TableExists("good"));
  EXPECT_FALSE(TableExists("half"));  // the failed file's first statement was rolled back too
  EXPECT_FALSE(TableExists("after"));
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM schema_migrations"), 1);

  // Fixed, it applies from where it stopped.
  Migrator fixed = Make({
      {.version = 1, .name = "good", .sql = "CREATE TABLE good (x int)"},
      {.version = 2, .name = "broken", .sql = "CREATE TABLE half (x int);"},
      {.version = 3, .name = "after", .sql = "CREATE TABLE after (x int)"},
  });
  auto retried = fixed.Apply(db());
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(*retried, (std::vector<std::string>{"0002_broken.sql", "0003_after.sql"}));
}

TEST_F(MigratorTest, AChangedAppliedMigrationIsAnErrorNamingTheFile) {
  ASSERT_TRUE(Make({{.version = 1, .name = "users", .sql = "CREATE TABLE users (id int)"}}).Apply(db()).ok());
  Migrator edited = Make({{.version = 1, .name = "users", .sql = "CREATE TABLE users (id bigint)"},
                          {.version = 2, .name = "more", .sql = "CREATE TABLE more (x int)"}});
  auto result = edited.Apply(db());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("0001_users.sql"), std::string::npos) << result.status();
  EXPECT_FALSE(TableExists("more"));  // nothing is applied past a tampered file
  auto statuses = edited.Status(db());
  ASSERT_TRUE(statuses.ok());
  EXPECT_TRUE((*statuses)[0].checksum_changed);
  EXPECT_FALSE(*edited.UpToDate(db()));
}

}  // namespace
}  // namespace jobrec::store
