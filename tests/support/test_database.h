// Integration-test harness: a fresh, uniquely named database per test on the PostgreSQL server
// that JOBREC_TEST_DATABASE_URL names (scripts/test starts one), with the migrations applied,
// dropped again at the end. Without that variable the test FAILS and says how to run it.
// The migrations run once per test process, into a template database that each test's
// database is copied from (much faster than migrating per test).
//
//   class JobRepoTest : public jobrec::testing::DatabaseTest {};
//   TEST_F(JobRepoTest, Finds) {
//     store::JobRepo repo(db());
//     ...
//     EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM jobs"), 1);
//   }
//
// The query helpers record a gtest failure (and return a default) when SQL fails, to keep
// assertions short. Thread-safe: each helper call uses a connection of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/migration.h"

namespace jobrec::testing {

inline constexpr char kTestDatabaseUrlVariable[] = "JOBREC_TEST_DATABASE_URL";

struct TestDatabaseOptions {
  // nullopt: the migrations compiled into the binary. An empty list: an empty database.
  std::optional<std::vector<store::Migration>> migrations;
  int pool_size = 4;
};

class TestDatabase {
 public:
  // FailedPrecondition (with instructions) when JOBREC_TEST_DATABASE_URL is unset; errors of
  // creating the database or migrating it otherwise.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(const TestDatabaseOptions& options = {});
  ~TestDatabase();  // drops the database

  const std::string& name() const { return name_; }
  // Connection string of this database (libpq key=value form), e.g. for JOBREC_DATABASE_URL.
  const std::string& url() const { return url_; }
  store::Database& db() { return *db_; }

  void Exec(const std::string& sql);
  // First column of the first row; nullopt for NULL or no row.
  std::optional<std::string> QueryValue(const std::string& sql);
  int64_t QueryInt(const std::string& sql);  // 0 when NULL or no row
  std::vector<std::vector<std::string>> QueryRows(const std::string& sql);  // NULL as ""

 private:
  TestDatabase(std::string admin_url, std::string name, std::string url)
      : admin_url_(std::move(admin_url)), name_(std::move(name)), url_(std::move(url)) {}
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
};

// A fixture with a fresh migrated database per test.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { test_db_.reset(); }
  // Override to start from other migrations (or none).
  virtual TestDatabaseOptions DatabaseOptions() const { return {}; }

  TestDatabase& test_db() { return *test_db_; }
  store::Database& db() { return test_db_->db(); }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

}  // namespace jobrec::testing
