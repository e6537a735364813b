#include "jobrec/api/metrics.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace jobrec::api {
namespace {

// Checks every line against the text exposition format 0.0.4: comments are HELP or TYPE,
// samples are `name{label="value",...} number`.
void ExpectValidExposition(const std::string& text) {
  static const std::regex kComment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  static const std::regex kSample(
      R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? [-+]?([0-9.eE+-]+|Inf|NaN)$)re");
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      EXPECT_TRUE(std::regex_match(line, kComment)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, kSample)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 0);
}

TEST(MetricsTest, CountsRequestsByRoutePattern) {
  Metrics metrics;
  metrics.Observe("GET", "/api/v1/jobs/{id}", 200, 0.003);
  metrics.Observe("GET", "/api/v1/jobs/{id}", 200, 0.004);
  metrics.Observe("POST", "/api/v1/reviews", 400, 0.2);
  std::string text = metrics.Expose();
  ExpectValidExposition(text);
  EXPECT_NE(text.find("# TYPE jobrec_http_requests_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_http_requests_total{method="GET",route="/api/v1/jobs/{id}",status="200"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_http_requests_total{method="POST",route="/api/v1/reviews",status="400"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE jobrec_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find(R"(jobrec_http_request_duration_seconds_bucket{route="/api/v1/jobs/{id}",le="0.005"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_http_request_duration_seconds_count{route="/api/v1/reviews"} 1)"),
            std::string::npos);
}

TEST(MetricsTest, CollectorsAddGaugesAtEachScrape) {
  Metrics metrics;
  int depth = 3;
  metrics.AddCollector([&depth](std::vector<GaugeSample>& out) {
    out.push_back({.name = "jobrec_tasks", .help = "tasks by kind and state",
                   .labels = {{"kind", "embed"}, {"state", "queued"}}, .value = double(depth)});
    out.push_back({.name = "jobrec_tasks", .labels = {{"kind", "embed"}, {"state", "running"}}, .value = 1});
  });
  metrics.AddCollector([](std::vector<GaugeSample>& out) {
    out.push_back({.name = "jobrec_db_pool_in_use", .help = "connections in use", .value = 2});
    out.push_back({.name = "bad-name", .value = 1});
    out.push_back({.name = "jobrec_ok", .labels = {{"bad label", "x"}}, .value = 1});
    out.push_back({.name = "jobrec_http_requests_total", .value = 12345});
  });
  std::string text = metrics.Expose();
  ExpectValidExposition(text);
  EXPECT_NE(text.find("# TYPE jobrec_tasks gauge"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_tasks{kind="embed",state="queued"} 3)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_tasks{kind="embed",state="running"} 1)"), std::string::npos);
  EXPECT_NE(text.find("jobrec_db_pool_in_use 2"), std::string::npos);
  EXPECT_EQ(text.find("bad-name"), std::string::npos);
  EXPECT_EQ(text.find("jobrec_ok"), std::string::npos);
  EXPECT_EQ(text.find("12345"), std::string::npos);
  depth = 5;
  EXPECT_NE(metrics.Expose().find(R"(state="queued"} 5)"), std::string::npos);
}

}  // namespace
}  // namespace jobrec::api
