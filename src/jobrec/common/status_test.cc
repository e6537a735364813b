#include "jobrec/common/status.h"

#include <gtest/gtest.h>

namespace jobrec::common {
namespace {

absl::StatusOr<int> Half(int v) {
  if (v % 2) return InvalidField("value", "must be even");
  return v / 2;
}

absl::StatusOr<int> Quarter(int v) {
  JOBREC_ASSIGN_OR_RETURN(int half, Half(v));
  JOBREC_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, InvalidFieldCarriesTheFieldName) {
  auto st = InvalidField("technical_skills[1].weight", "must be a multiple of 10");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(st), "technical_skills[1].weight");
  EXPECT_EQ(FieldOf(absl::NotFoundError("x")), "");
}

TEST(StatusTest, AssignOrReturnPropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(FieldOf(bad.status()), "value");
}

}  // namespace
}  // namespace jobrec::common

namespace jobrec::common {
namespace {

TEST(StatusTest, RateLimitedCarriesRetryAfter) {
  auto st = RateLimited("too many attempts", 42);
  EXPECT_TRUE(absl::IsResourceExhausted(st));
  EXPECT_EQ(RetryAfterOf(st), 42);
  EXPECT_EQ(RetryAfterOf(absl::OkStatus()), 0);
  EXPECT_EQ(FieldOf(WithField(absl::AlreadyExistsError("taken"), "email")), "email");
}

}  // namespace
}  // namespace jobrec::common
