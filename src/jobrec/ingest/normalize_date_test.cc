#include "jobrec/ingest/normalize_date.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace jobrec::ingest {
namespace {

TEST(ParseTimestamp, AcceptedForms) {
  const std::pair<std::string, std::string> cases[] = {
      {"2024-01-05", "2024-01-05T00:00:00Z"},
      {"2024-01-05T10:20:30Z", "2024-01-05T10:20:30Z"},
      {"2024-01-05T10:20:30z", "2024-01-05T10:20:30Z"},
      {"2024-01-05T10:20:30.123+02:00", "2024-01-05T08:20:30Z"},
      {"2024-01-05T10:20:30+0200", "2024-01-05T08:20:30Z"},
      {"2024-01-05T10:20:30-05:00", "2024-01-05T15:20:30Z"},
      {"2024-01-05T10:20:30+02", "2024-01-05T08:20:30Z"},
      {"2024-01-05 10:20:30", "2024-01-05T10:20:30Z"},
      {"2024-01-05T10:20", "2024-01-05T10:20:00Z"},
      {"2024-01-05T00:00:00.0000", "2024-01-05T00:00:00Z"},  // USAJobs
      {"2011-06-24T00:00:00.000", "2011-06-24T00:00:00Z"},   // NYC Open Data
      {"2024-01-05T23:30:00-01:00", "2024-01-06T00:30:00Z"},
      {"2024-02-29", "2024-02-29T00:00:00Z"},
      {"2024-01-05T24:00:00Z", "2024-01-06T00:00:00Z"},
      {"Fri, 05 Jan 2024 10:20:30 +0000", "2024-01-05T10:20:30Z"},
      {"Fri, 5 Jan 2024 10:20:30 GMT", "2024-01-05T10:20:30Z"},
      {"05 Jan 2024 10:20:30 EST", "2024-01-05T15:20:30Z"},
      {"5 January 2024", "2024-01-05T00:00:00Z"},
      {"Jan 5, 2024", "2024-01-05T00:00:00Z"},
      {"Jan 5, 2024 10:20 PDT", "2024-01-05T17:20:00Z"},
      {"1704450030", "2024-01-05T10:20:30Z"},
      {"1704450030123", "2024-01-05T10:20:30Z"},
      {"  2024-01-05  ", "2024-01-05T00:00:00Z"},
  };
  for (const auto& [in, want] : cases) {
    auto got = ParseTimestamp(in);
    ASSERT_TRUE(got.ok()) << in << ": " << got.status();
    EXPECT_EQ(FormatTimestamp(*got), want) << in;
  }
}

TEST(ParseTimestamp, Rejected) {
  for (const std::string& bad : std::vector<std::string>{"", "   ", "yesterday", "2024-13-01", "2024-00-10", "2024-02-30", "2023-02-29",
        "2024-01-05T25:00:00Z", "2024-01-05T10:61:00Z", "2024-01-05T24:00:01Z",
        "2024-01-05T10:20:30+25:00", "2024-01-05T10:20:30 XYZ", "2024-01-05T10",
        "2024-01-05Tfoo", "2024-01-05 garbage", "1969-12-31", "2500-01-01", "0000-01-01",
        "20240105", "12345", "123456789012345", "Fri, 32 Jan 2024", "Foo 5, 2024",
        "5 Jan 24", "-1704450030", "2024-1-5", std::string("2024-01-05\0", 11),
        std::string(1000, '9'), std::string("\xff\xfe")}) {
    auto got = ParseTimestamp(bad);
    EXPECT_FALSE(got.ok()) << bad << " -> " << (got.ok() ? FormatTimestamp(*got) : "");
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(TimestampFromEpoch, SecondsAndMillis) {
  EXPECT_EQ(FormatTimestamp(*TimestampFromEpoch(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*TimestampFromEpoch(1704450030)), "2024-01-05T10:20:30Z");
  EXPECT_EQ(FormatTimestamp(*TimestampFromEpoch(1704450030999)), "2024-01-05T10:20:30Z");
  EXPECT_FALSE(TimestampFromEpoch(-1).ok());
  EXPECT_FALSE(TimestampFromEpoch(std::numeric_limits<int64_t>::max()).ok());
  EXPECT_FALSE(TimestampFromEpoch(std::numeric_limits<int64_t>::min()).ok());
}

TEST(ParseTimestampJson, StringsAndNumbers) {
  EXPECT_EQ(FormatTimestamp(*ParseTimestampJson("2024-01-05")), "2024-01-05T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestampJson(1704450030)), "2024-01-05T10:20:30Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestampJson(1704450030.5)), "2024-01-05T10:20:30Z");
  EXPECT_FALSE(ParseTimestampJson(nullptr).ok());
  EXPECT_FALSE(ParseTimestampJson(true).ok());
  EXPECT_FALSE(ParseTimestampJson(nlohmann::json::array()).ok());
  EXPECT_FALSE(ParseTimestampJson(-5.0).ok());
  EXPECT_FALSE(ParseTimestampJson(1e300).ok());
  EXPECT_FALSE(ParseTimestampJson(std::numeric_limits<double>::quiet_NaN()).ok());
}

}  // namespace
}  // namespace jobrec::ingest
