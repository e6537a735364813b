#include "jobrec/common/config.h"

#include <fstream>

#include <gtest/gtest.h>

namespace jobrec::common {
namespace {

std::vector<ConfigKey> Keys() {
  return {
      {.name = "server.port", .type = ConfigType::kInt, .default_value = "8080", .help = "port",
       .min = 0, .max = 65535},
      {.name = "server.threads", .type = ConfigType::kInt, .default_value = "16", .help = "threads",
       .min = 1, .max = 1024},
      {.name = "log.format", .type = ConfigType::kEnum, .default_value = "auto", .help = "format",
       .choices = {"auto", "text", "json"}},
      {.name = "store.migrate_on_start", .type = ConfigType::kBool, .default_value = "true", .help = "m"},
      {.name = "tasks.lease", .type = ConfigType::kDuration, .default_value = "30s", .help = "lease",
       .min = 1, .max = 3600},
      {.name = "llm.api_key", .type = ConfigType::kString, .default_value = "", .help = "key",
       .secret = true},
  };
}

std::string WriteFile(const std::string& text) {
  std::string path = testing::TempDir() + "/config_test.toml";
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsApplyWithoutFileOrEnvironment) {
  auto config = Config::Load(Keys(), std::nullopt, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetInt("server.port"), 8080);
  EXPECT_EQ(config->GetString("log.format"), "auto");
  EXPECT_TRUE(config->GetBool("store.migrate_on_start"));
  EXPECT_EQ(config->GetDuration("tasks.lease"), std::chrono::seconds(30));
  EXPECT_EQ(config->SourceOf("server.port"), "default");
}

TEST(ConfigTest, EnvironmentOverridesFileOverridesDefault) {
  auto path = WriteFile("[server]\nport = 9000\nthreads = 4\n");
  auto config = Config::Load(Keys(), path, {"JOBREC_SERVER_PORT=9100", "HOME=/root"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetInt("server.port"), 9100);
  EXPECT_EQ(config->SourceOf("server.port"), "JOBREC_SERVER_PORT");
  EXPECT_EQ(config->GetInt("server.threads"), 4);
  EXPECT_EQ(config->SourceOf("server.threads"), path);
}

TEST(ConfigTest, UnknownFileKeyIsNamed) {
  auto path = WriteFile("[server]\nprot = 9000\n");
  auto config = Config::Load(Keys(), path, {});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("unknown key 'server.prot'"), std::string::npos)
      << config.status();
}

TEST(ConfigTest, UnknownEnvironmentVariableIsNamed) {
  auto config = Config::Load(Keys(), std::nullopt, {"JOBREC_SERVR_PORT=1"});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("JOBREC_SERVR_PORT"), std::string::npos);
}

TEST(ConfigTest, TestPlumbingVariablesAreIgnored) {
  auto config = Config::Load(Keys(), std::nullopt, {"JOBREC_TEST_DATABASE_URL=x"});
  EXPECT_TRUE(config.ok()) << config.status();
}

TEST(ConfigTest, BadValuesAreRejectedWithKeyAndSource) {
  struct Case {
    std::string env;
    std::string expect;
  };
  for (const auto& c : std::vector<Case>{
           {"JOBREC_SERVER_PORT=eighty", "'server.port' (JOBREC_SERVER_PORT): expected an integer"},
           {"JOBREC_SERVER_PORT=70000", "out of range"},
           {"JOBREC_SERVER_THREADS=0", "'server.threads'"},
           {"JOBREC_LOG_FORMAT=xml", "expected one of auto, text, json"},
           {"JOBREC_STORE_MIGRATE_ON_START=maybe", "expected true or false"},
           {"JOBREC_TASKS_LEASE=5 parsecs", "'tasks.lease'"},
           {"JOBREC_TASKS_LEASE=2h", "out of range"},
           {"JOBREC_SERVER_PORT=", "expected an integer"},
       }) {
    auto config = Config::Load(Keys(), std::nullopt, {c.env});
    ASSERT_FALSE(config.ok()) << c.env;
    EXPECT_NE(config.status().message().find(c.expect), std::string::npos)
        << c.env << " -> " << config.status();
  }
}

TEST(ConfigTest, SecretInFileIsRejected) {
  auto path = WriteFile("[llm]\napi_key = \"sk-123\"\n");
  auto config = Config::Load(Keys(), path, {});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("JOBREC_LLM_API_KEY"), std::string::npos);
}

TEST(ConfigTest, DescribeMasksSecrets) {
  auto config = Config::Load(Keys(), std::nullopt, {"JOBREC_LLM_API_KEY=sk-very-secret"});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->GetString("llm.api_key"), "sk-very-secret");
  EXPECT_EQ(config->Describe().find("sk-very-secret"), std::string::npos);
}

TEST(ConfigTest, MalformedTomlNamesTheLine) {
  auto path = WriteFile("[server]\nport = = 3\n");
  auto config = Config::Load(Keys(), path, {});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("line 2"), std::string::npos) << config.status();
}

TEST(ParseDurationTest, UnitsAndErrors) {
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("10m"), std::chrono::minutes(10));
  EXPECT_EQ(*ParseDuration("2"), std::chrono::seconds(2));
  EXPECT_EQ(*ParseDuration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("-1s").ok());
  EXPECT_FALSE(ParseDuration("3 weeks").ok());
}

}  // namespace
}  // namespace jobrec::common
