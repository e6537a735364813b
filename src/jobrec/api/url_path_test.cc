#include "jobrec/api/url_path.h"

#include <gtest/gtest.h>

namespace jobrec::api {
namespace {

using Segments = std::vector<std::string>;

TEST(UrlPathTest, SplitsAndDecodesSegments) {
  EXPECT_EQ(*SplitPath("/api/v1/jobs/a%20b"), (Segments{"api", "v1", "jobs", "a b"}));
  EXPECT_EQ(*SplitPath("/"), (Segments{""}));
  EXPECT_EQ(*SplitPath("/a/"), (Segments{"a", ""}));
  EXPECT_EQ(*SplitPath("/a%2Fb/c"), (Segments{"a/b", "c"}));
  EXPECT_EQ(*SplitPath("/%2e%2e/x"), (Segments{"..", "x"}));
  EXPECT_EQ(*SplitPath("/a+b"), (Segments{"a+b"}));
}

TEST(UrlPathTest, RejectsBadPaths) {
  EXPECT_FALSE(SplitPath("").ok());
  EXPECT_FALSE(SplitPath("api/v1").ok());
  EXPECT_FALSE(SplitPath("http://evil/").ok());
  EXPECT_FALSE(SplitPath("/a%2").ok());
  EXPECT_FALSE(SplitPath("/a%zz").ok());
  EXPECT_FALSE(SplitPath("/a%00b").ok());
}

}  // namespace
}  // namespace jobrec::api
