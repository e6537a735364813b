#include "jobrec/store/database_admin.h"

#include <gtest/gtest.h>

namespace jobrec::store {
namespace {

TEST(WithDatabaseNameTest, ReplacesTheDatabaseOfAUri) {
  auto url = WithDatabaseName("postgresql:///jobrec?host=/tmp/x%20y/run&port=5433&user=jobrec", "jobrec_t1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_NE(url->find("host='/tmp/x y/run'"), std::string::npos) << *url;
  EXPECT_NE(url->find("port='5433'"), std::string::npos) << *url;
  EXPECT_NE(url->find("user='jobrec'"), std::string::npos) << *url;
  EXPECT_NE(url->find("dbname='jobrec_t1'"), std::string::npos) << *url;
  EXPECT_EQ(url->find("dbname='jobrec'"), std::string::npos) << *url;
}

TEST(WithDatabaseNameTest, QuotesValuesOfKeyValueStrings) {
  auto url = WithDatabaseName("host=db.internal password='it\\'s \\\\ secret' dbname=prod", "other");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_NE(url->find("password='it\\'s \\\\ secret'"), std::string::npos) << *url;
  EXPECT_NE(url->find("dbname='other'"), std::string::npos) << *url;
}

TEST(WithDatabaseNameTest, RejectsUnparsableUrls) {
  auto url = WithDatabaseName("host=x password=hunter2 nonsense", "db");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(url.status().message().find("hunter2"), std::string::npos) << url.status();
}

TEST(DatabaseAdminTest, RejectsNamesThatAreNotLowerSnake) {
  for (const char* name : {"", "Bad", "a-b", "x; DROP DATABASE y", "0abc"}) {
    EXPECT_EQ(CreateDatabaseIfMissing("host=/nonexistent", name).code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_EQ(DropDatabaseIfExists("host=/nonexistent", name).code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

}  // namespace
}  // namespace jobrec::store
