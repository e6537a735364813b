#include "jobrec/tasks/backoff.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesPerAttemptWithinTheJitterBand) {
  const milliseconds base{1000}, cap{600'000};
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const int64_t full = 1000LL << (attempt - 1);
    EXPECT_EQ(BackoffDelay(attempt, base, cap, 0.0).count(), full / 2) << attempt;
    EXPECT_EQ(BackoffDelay(attempt, base, cap, 0.999999).count(), full - 1) << attempt;
    EXPECT_EQ(BackoffDelay(attempt, base, cap, 0.5).count(), full * 3 / 4) << attempt;
  }
}

TEST(BackoffTest, IsCappedAndDoesNotOverflow) {
  const milliseconds base{5000}, cap{600'000};
  EXPECT_EQ(BackoffDelay(10, base, cap, 0.0), milliseconds(300'000));
  EXPECT_EQ(BackoffDelay(1'000'000, base, cap, 0.0), milliseconds(300'000));
  EXPECT_LE(BackoffDelay(64, base, cap, 1.0), cap);
}

TEST(BackoffTest, ClampsBadInputs) {
  const milliseconds base{1000}, cap{10'000};
  EXPECT_EQ(BackoffDelay(0, base, cap, 0.0), BackoffDelay(1, base, cap, 0.0));
  EXPECT_EQ(BackoffDelay(-5, base, cap, 0.0), BackoffDelay(1, base, cap, 0.0));
  EXPECT_EQ(BackoffDelay(1, base, cap, -1.0), milliseconds(500));
  EXPECT_EQ(BackoffDelay(1, base, cap, 7.0), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(3, milliseconds(0), cap, 0.7), milliseconds(0));
}

}  // namespace
}  // namespace jobrec::tasks
