// The connection pool and the transaction helper against a real PostgreSQL.
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/store/sql_transaction.h"
#include "tests/support/test_database.h"

namespace jobrec::store {
namespace {

class DatabaseIntegrationTest : public testing::DatabaseTest {
 protected:
  testing::TestDatabaseOptions DatabaseOptions() const override { return {.migrations = std::vector<Migration>{}}; }
};

TEST_F(DatabaseIntegrationTest, PingsAndCommits) {
  EXPECT_TRUE(db().Ping().ok());
  test_db().Exec("CREATE TABLE t (id int PRIMARY KEY)");
  ASSERT_TRUE(RunTransaction(db(), {.name = "insert"}, [](pqxx::work& tx) {
                tx.exec_params("INSERT INTO t VALUES ($1)", 1);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM t"), 1);
}

TEST_F(DatabaseIntegrationTest, BodyErrorRollsBackAndIsReturnedUnchanged) {
  test_db().Exec("CREATE TABLE t (id int PRIMARY KEY)");
  absl::Status status = RunTransaction(db(), {.name = "insert"}, [](pqxx::work& tx) {
    tx.exec("INSERT INTO t VALUES (1)");
    return absl::NotFoundError("changed my mind");
  });
  EXPECT_EQ(status, absl::NotFoundError("changed my mind"));
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM t"), 0);
}

TEST_F(DatabaseIntegrationTest, ExceptionsBecomeStatusesWithContext) {
  test_db().Exec("CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0))");
  test_db().Exec("INSERT INTO t VALUES (1, 1)");
  auto run = [&](const std::string& sql) {
    return RunTransaction(db(), {.name = "repo.Call"}, [&](pqxx::work& tx) {
      tx.exec(sql);
      return absl::OkStatus();
    });
  };
  absl::Status duplicate = run("INSERT INTO t VALUES (1, 1)");
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
  EXPECT_EQ(duplicate.message().rfind("repo.Call: ", 0), 0u) << duplicate;
  EXPECT_EQ(run("INSERT INTO t VALUES (2, -1)").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(run("SELECT 1/0").code(), absl::StatusCode::kInvalidArgument);
  absl::Status syntax = run("SELEC 1");
  EXPECT_EQ(syntax.code(), absl::StatusCode::kInternal);
  EXPECT_NE(syntax.message().find("syntax error"), std::string::npos) << syntax;
  // The pool survives all of that.
  EXPECT_TRUE(db().Ping().ok());
}

TEST_F(DatabaseIntegrationTest, OptionsSetIsolationReadOnlyAndSettings) {
  std::string isolation, user_id;
  ASSERT_TRUE(RunTransaction(db(),
                             {.name = "opts",
                              .isolation = Isolation::kSerializable,
                              .read_only = true,
                              .settings = {{"jobrec.user_id", "42"}}},
                             [&](pqxx::work& tx) {
                               isolation = tx.exec("SHOW transaction_isolation")[0][0].as<std::string>();
                               user_id = tx.exec("SELECT current_setting('jobrec.user_id')")[0][0].as<std::string>();
                               return absl::OkStatus();
                             })
                  .ok());
  EXPECT_EQ(isolation, "serializable");
  EXPECT_EQ(user_id, "42");
  // Settings are local to the transaction: the next one on the same connection has none.
  bool unset = false;
  ASSERT_TRUE(RunTransaction(db(), {}, [&](pqxx::work& tx) {
                unset = tx.exec("SELECT nullif(current_setting('jobrec.user_id', true), '')")[0][0].is_null();
                return absl::OkStatus();
              }).ok());
  EXPECT_TRUE(unset);
  absl::Status write = RunTransaction(db(), {.name = "ro", .read_only = true}, [](pqxx::work& tx) {
    tx.exec("CREATE TABLE nope (x int)");
    return absl::OkStatus();
  });
  EXPECT_EQ(write.code(), absl::StatusCode::kFailedPrecondition) << write;
}

TEST_F(DatabaseIntegrationTest, RoleOptionRunsAsThatRole) {
  const std::string role = test_db().name() + "_role";
  test_db().Exec("CREATE ROLE " + role + " NOLOGIN");
  std::string current;
  absl::Status status = RunTransaction(db(), {.name = "as role", .role = role}, [&](pqxx::work& tx) {
    current = tx.exec("SELECT current_user")[0][0].as<std::string>();
    return absl::OkStatus();
  });
  test_db().Exec("DROP ROLE " + role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(current, role);
}

TEST_F(DatabaseIntegrationTest, CheckoutTimesOutWhenThePoolIsExhausted) {
  auto small = Database::Open({.url = test_db().url(), .pool_size = 2, .checkout_timeout = std::chrono::milliseconds(200)});
  ASSERT_TRUE(small.ok()) << small.status();
  std::latch holding(2), release(1);
  std::vector<std::jthread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      EXPECT_TRUE(RunTransaction(**small, {}, [&](pqxx::work&) {
                    holding.count_down();
                    release.wait();
                    return absl::OkStatus();
                  }).ok());
    });
  }
  holding.wait();
  auto started = std::chrono::steady_clock::now();
  absl::Status status = (*small)->Ping();
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_GE(waited, std::chrono::milliseconds(190));
  PoolStats stats = (*small)->Stats();
  EXPECT_EQ(stats.capacity, 2);
  EXPECT_EQ(stats.in_use, 2);
  EXPECT_GE(stats.waits, 1u);
  EXPECT_EQ(stats.timeouts, 1u);
  release.count_down();
  holders.clear();
  EXPECT_TRUE((*small)->Ping().ok());
  stats = (*small)->Stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.idle, 2);
}

TEST_F(DatabaseIntegrationTest, ABrokenConnectionIsReplaced) {
  auto single = Database::Open({.url = test_db().url(), .pool_size = 1});
  ASSERT_TRUE(single.ok()) << single.status();
  auto backend_pid = [&] {
    int pid = 0;
    EXPECT_TRUE(RunTransaction(**single, {}, [&](pqxx::work& tx) {
                  pid = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
                  return absl::OkStatus();
                }).ok());
    return pid;
  };
  int first = backend_pid();
  ASSERT_NE(first, 0);
  test_db().Exec("SELECT pg_terminate_backend(" + std::to_string(first) + ")");
  int second = backend_pid();  // the dead connection is noticed at BEGIN and reopened
  EXPECT_NE(second, 0);
  EXPECT_NE(second, first);
  EXPECT_GE((*single)->Stats().replaced, 1u);
}

TEST(DatabaseOpenTest, UnreachableServerIsUnavailableWithoutLeakingThePassword) {
  auto db = Database::Open({.url = "host=/nonexistent-socket-dir user=u password=hunter2 dbname=x"});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_EQ(db.status().message().find("hunter2"), std::string::npos) << db.status();
}

TEST(DatabaseOpenTest, RejectsBadOptions) {
  EXPECT_EQ(Database::Open({.url = ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Database::Open({.url = "host=x", .pool_size = 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobrec::store
