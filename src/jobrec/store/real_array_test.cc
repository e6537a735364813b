#include "jobrec/store/real_array.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace jobrec::store::internal {
namespace {

TEST(ParseRealArray, ReadsPostgresqlsTextForm) {
  EXPECT_EQ(ParseRealArray("{0.25,-1e-05,3}"), (std::vector<float>{0.25f, -1e-05f, 3.0f}));
  EXPECT_TRUE(ParseRealArray("{}").empty());
  EXPECT_TRUE(ParseRealArray("").empty());
}

TEST(ParseRealArray, StopsAtAnElementThatIsNoNumber) {
  EXPECT_EQ(ParseRealArray("{1.5,NULL,2}"), (std::vector<float>{1.5f}));
}

// PostgreSQL prints reals in their shortest round-trip form, as to_chars does: every float
// comes back bit for bit.
TEST(ParseRealArray, ShortestFormsRoundTrip) {
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  std::vector<float> values = {std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(),
                               -0.0f, 1e-38f};
  for (int i = 0; i < 1000; ++i) values.push_back(normal(random));
  std::string text = "{";
  char buffer[32];
  for (size_t i = 0; i < values.size(); ++i) {
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
    text += (i ? "," : "") + std::string(buffer, end);
  }
  text += "}";
  const std::vector<float> parsed = ParseRealArray(text);
  ASSERT_EQ(parsed.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(std::signbit(parsed[i]), std::signbit(values[i])) << i;
    EXPECT_EQ(parsed[i], values[i]) << i;
  }
}

}  // namespace
}  // namespace jobrec::store::internal
