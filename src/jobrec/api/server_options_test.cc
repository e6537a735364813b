#include "jobrec/api/server_options.h"

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"

namespace jobrec::api {
namespace {

TEST(ServerOptionsTest, DefaultsMatchTheStruct) {
  auto config = common::Config::Load(ServerConfigKeys(), std::nullopt, {});
  ASSERT_TRUE(config.ok()) << config.status();
  ServerOptions options = ServerOptions::FromConfig(*config);
  ServerOptions defaults;
  EXPECT_EQ(options.host, defaults.host);
  EXPECT_EQ(options.port, defaults.port);
  EXPECT_EQ(options.threads, defaults.threads);
  EXPECT_EQ(options.max_body_bytes, 1 << 20);
  EXPECT_EQ(options.keep_alive_max_count, defaults.keep_alive_max_count);
  EXPECT_EQ(options.keep_alive_timeout, defaults.keep_alive_timeout);
  EXPECT_EQ(options.read_timeout, defaults.read_timeout);
  EXPECT_EQ(options.write_timeout, defaults.write_timeout);
  EXPECT_EQ(options.listen_backlog, defaults.listen_backlog);
  EXPECT_EQ(options.web_root, "web/dist");
  EXPECT_FALSE(options.cookie_secure);
}

TEST(ServerOptionsTest, EnvironmentOverrides) {
  auto config = common::Config::Load(
      ServerConfigKeys(), std::nullopt,
      {"JOBREC_SERVER_PORT=9090", "JOBREC_SERVER_KEEP_ALIVE_TIMEOUT=30s", "JOBREC_SERVER_COOKIE_SECURE=true",
       "JOBREC_SERVER_READ_TIMEOUT=250ms"});
  ASSERT_TRUE(config.ok()) << config.status();
  ServerOptions options = ServerOptions::FromConfig(*config);
  EXPECT_EQ(options.port, 9090);
  EXPECT_EQ(options.keep_alive_timeout, std::chrono::seconds(30));
  EXPECT_EQ(options.read_timeout, std::chrono::milliseconds(250));
  EXPECT_TRUE(options.cookie_secure);
}

TEST(ServerOptionsTest, BadValuesNameTheKey) {
  for (const std::string assignment :
       {"JOBREC_SERVER_PORT=70000", "JOBREC_SERVER_PORT=http", "JOBREC_SERVER_THREADS=0",
        "JOBREC_SERVER_MAX_BODY_BYTES=10", "JOBREC_SERVER_KEEP_ALIVE_TIMEOUT=0s",
        "JOBREC_SERVER_READ_TIMEOUT=forever", "JOBREC_SERVER_COOKIE_SECURE=maybe",
        "JOBREC_SERVER_LISTEN_BACKLOG=0", "JOBREC_SERVER_KEEP_ALIVE_MAX_COUNT=0"}) {
    auto config = common::Config::Load(ServerConfigKeys(), std::nullopt, {assignment});
    ASSERT_FALSE(config.ok()) << assignment;
    std::string key = "server." + absl::AsciiStrToLower(assignment.substr(14, assignment.find('=') - 14));
    EXPECT_NE(config.status().message().find("'" + key + "'"), std::string::npos)
        << assignment << ": " << config.status().message();
  }
}

}  // namespace
}  // namespace jobrec::api
