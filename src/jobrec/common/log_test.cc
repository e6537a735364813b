#include "jobrec/common/log.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace jobrec::log {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(LogTest, JsonLinesCarryEventFieldsAndContext) {
  std::string path = testing::TempDir() + "/log_test.jsonl";
  std::remove(path.c_str());
  InitToFile(path, Format::kJson, Level::kInfo);
  {
    ScopedLogContext ctx("request_id", "r-1");
    Info("http_request", {{"status", 200}});
  }
  Info("after_scope");
  Debug("filtered_out");
  Init(Format::kText, Level::kInfo);

  std::istringstream lines(ReadAll(path));
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third)) << "debug line should be filtered: " << third;
  auto a = nlohmann::json::parse(first);
  EXPECT_EQ(a["event"], "http_request");
  EXPECT_EQ(a["status"], 200);
  EXPECT_EQ(a["request_id"], "r-1");
  EXPECT_EQ(a["level"], "info");
  auto b = nlohmann::json::parse(second);
  EXPECT_FALSE(b.contains("request_id"));
}

TEST(LogTest, ParsesLevelsAndFormats) {
  Level level;
  Format format;
  EXPECT_TRUE(ParseLevel("warn", &level));
  EXPECT_EQ(level, Level::kWarn);
  EXPECT_FALSE(ParseLevel("verbose", &level));
  EXPECT_TRUE(ParseFormat("json", &format));
  EXPECT_FALSE(ParseFormat("xml", &format));
}

}  // namespace
}  // namespace jobrec::log
