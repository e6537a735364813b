#include "jobrec/ingest/normalize_employment.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace jobrec::ingest {
namespace {

TEST(NormalizeEmploymentType, Table) {
  const std::pair<std::string, std::string> cases[] = {
      {"Full-time", "full_time"},       {"FULL_TIME", "full_time"},
      {"Full Time", "full_time"},       {"fulltime", "full_time"},
      {"F", "full_time"},               {"permanent", "full_time"},
      {"Part Time", "part_time"},       {"PART_TIME", "part_time"},
      {"P", "part_time"},               {"part-time", "part_time"},
      {"Contract", "contract"},         {"CONTRACTOR", "contract"},
      {"Freelance", "contract"},        {"Contract to hire", "contract"},
      {"Temporary", "temporary"},       {"TEMPORARY", "temporary"},
      {"Seasonal", "temporary"},        {"PER_DIEM", "temporary"},
      {"Internship", "internship"},     {"INTERN", "internship"},
      {"Full-time; Part-time", "full_time"},
      {"Full-Time/Part-Time", "full_time"},
      {"Permanent, Full time", "full_time"},
      {"Full-time position", "full_time"},
      {"Temporary (6 months)", "temporary"},
      {"Â Full-time", "full_time"},
  };
  for (const auto& [in, want] : cases) {
    auto got = NormalizeEmploymentType(in);
    ASSERT_TRUE(got.ok()) << in << ": " << got.status();
    EXPECT_EQ(*got, want) << in;
  }
}

TEST(NormalizeEmploymentType, Bad) {
  for (const std::string& bad : std::vector<std::string>{"", "   ", "OTHER", "VOLUNTEER", "Stagehand", "x", "---",
                                std::string("\xff"), std::string(10000, 'f')}) {
    auto got = NormalizeEmploymentType(bad);
    EXPECT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(NormalizeEmploymentType, FirstRecognisedOfAList) {
  EXPECT_EQ(*NormalizeEmploymentType(std::vector<std::string>{"OTHER", "PART_TIME", "FULL_TIME"}),
            "part_time");
  EXPECT_FALSE(NormalizeEmploymentType(std::vector<std::string>{"OTHER"}).ok());
  EXPECT_FALSE(NormalizeEmploymentType(std::vector<std::string>{}).ok());
}

}  // namespace
}  // namespace jobrec::ingest
