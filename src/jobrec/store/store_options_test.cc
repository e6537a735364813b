#include "jobrec/store/store_options.h"

#include <gtest/gtest.h>

namespace jobrec::store {
namespace {

absl::StatusOr<StoreOptions> Load(const std::vector<std::string>& env) {
  auto config = common::Config::Load(StoreConfigKeys(), std::nullopt, env);
  if (!config.ok()) return config.status();
  return StoreOptionsFromConfig(*config);
}

TEST(StoreOptionsTest, Defaults) {
  auto options = Load({});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->database_url.empty());
  EXPECT_EQ(options->pool_size, 8);
  EXPECT_EQ(options->checkout_timeout, std::chrono::seconds(5));
  EXPECT_EQ(options->embedded_os_user, "jobrec");
  EXPECT_EQ(options->state_dir.front(), '/');  // ./var made absolute
  EXPECT_EQ(options->state_dir.substr(options->state_dir.size() - 4), "/var");
}

TEST(StoreOptionsTest, EnvironmentOverrides) {
  auto options = Load({"JOBREC_STATE_DIR=/srv/jobrec/", "JOBREC_DATABASE_URL=postgresql://h/db",
                       "JOBREC_DATABASE_POOL_SIZE=3", "JOBREC_DATABASE_CHECKOUT_TIMEOUT=250ms"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->state_dir, "/srv/jobrec");
  EXPECT_EQ(options->database_url, "postgresql://h/db");
  EXPECT_EQ(options->pool_size, 3);
  EXPECT_EQ(options->checkout_timeout, std::chrono::milliseconds(250));
}

TEST(StoreOptionsTest, PoolSizeZeroNamesTheKey) {
  auto options = Load({"JOBREC_DATABASE_POOL_SIZE=0"});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("database.pool_size"), std::string::npos) << options.status();
}

TEST(StoreOptionsTest, EmptyStateDirNamesTheKey) {
  auto options = Load({"JOBREC_STATE_DIR="});
  ASSERT_FALSE(options.ok());
  EXPECT_NE(options.status().message().find("state_dir"), std::string::npos) << options.status();
}

TEST(StoreOptionsTest, BadOsUserNamesTheKey) {
  for (const char* user : {"root; rm -rf /", "", "Jobrec", "-x"}) {
    auto options = Load({std::string("JOBREC_DATABASE_EMBEDDED_OS_USER=") + user});
    ASSERT_FALSE(options.ok()) << user;
    EXPECT_NE(options.status().message().find("database.embedded_os_user"), std::string::npos) << options.status();
  }
}

TEST(StoreOptionsTest, DatabaseUrlIsSecret) {
  auto keys = StoreConfigKeys();
  auto it = std::find_if(keys.begin(), keys.end(), [](const auto& k) { return k.name == "database.url"; });
  ASSERT_NE(it, keys.end());
  EXPECT_TRUE(it->secret);
}

}  // namespace
}  // namespace jobrec::store
