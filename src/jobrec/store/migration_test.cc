#include "jobrec/store/migration.h"

#include <gtest/gtest.h>

#include "jobrec/store/migrator.h"

namespace jobrec::store {
namespace {

TEST(MigrationTest, ParsesWellFormedFileNames) {
  auto migration = ParseMigrationFileName("0042_add_ratings.sql");
  ASSERT_TRUE(migration.ok()) << migration.status();
  EXPECT_EQ(migration->version, 42);
  EXPECT_EQ(migration->name, "add_ratings");
  EXPECT_EQ(migration->FileName(), "0042_add_ratings.sql");
}

TEST(MigrationTest, RejectsBadFileNames) {
  for (const char* bad : {"42_x.sql", "0001-x.sql", "0001_X.sql", "0001_x.SQL", "0001_.sql",
                          "00001_x.sql", "0000_x.sql", "0001_x.sql.bak", "", "0001_x y.sql"}) {
    auto migration = ParseMigrationFileName(bad);
    EXPECT_FALSE(migration.ok()) << bad;
    EXPECT_EQ(migration.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(MigrationTest, ChecksumIsSha256OfTheSql) {
  Migration a{.version = 1, .name = "a", .sql = "SELECT 1;"};
  Migration b = a;
  b.sql = "SELECT 2;";
  EXPECT_EQ(a.Checksum().size(), 64u);
  EXPECT_EQ(a.Checksum(), Migration(a).Checksum());
  EXPECT_NE(a.Checksum(), b.Checksum());
  Migration empty{.version = 1, .name = "e", .sql = ""};
  EXPECT_EQ(empty.Checksum(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MigratorTest, SortsByVersion) {
  auto migrator = Migrator::Create({{.version = 2, .name = "b", .sql = "SELECT 2"},
                                    {.version = 1, .name = "a", .sql = "SELECT 1"}});
  ASSERT_TRUE(migrator.ok()) << migrator.status();
  EXPECT_EQ(migrator->migrations()[0].version, 1);
  EXPECT_EQ(migrator->migrations()[1].version, 2);
}

TEST(MigratorTest, RejectsRepeatedVersions) {
  auto migrator = Migrator::Create({{.version = 3, .name = "a", .sql = "SELECT 1"},
                                    {.version = 3, .name = "b", .sql = "SELECT 2"}});
  ASSERT_FALSE(migrator.ok());
  EXPECT_NE(migrator.status().message().find("version 3"), std::string::npos) << migrator.status();
}

TEST(MigratorTest, RejectsBadVersionNameOrEmptySql) {
  EXPECT_FALSE(Migrator::Create({{.version = 0, .name = "a", .sql = "SELECT 1"}}).ok());
  EXPECT_FALSE(Migrator::Create({{.version = 10000, .name = "a", .sql = "SELECT 1"}}).ok());
  EXPECT_FALSE(Migrator::Create({{.version = 1, .name = "Bad Name", .sql = "SELECT 1"}}).ok());
  auto empty = Migrator::Create({{.version = 1, .name = "blank", .sql = " \n\t"}});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("0001_blank.sql"), std::string::npos) << empty.status();
}

TEST(MigratorTest, EmbeddedMigrationsAreValidAndIncludeTheTaskQueue) {
  auto migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  auto migrator = Migrator::Embedded();
  ASSERT_TRUE(migrator.ok()) << migrator.status();
  EXPECT_EQ(migrations[0].FileName(), "0001_task_queue.sql");
  EXPECT_NE(migrations[0].sql.find("CREATE TABLE tasks"), std::string::npos);
}

}  // namespace
}  // namespace jobrec::store
