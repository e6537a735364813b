#include "jobrec/llm/rate_limiter.h"

#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/llm/rate_limited_client.h"

namespace jobrec::llm {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(TokenBucketTest, BurstThenSpacedAtTheRate) {
  TokenBucket bucket(/*requests_per_minute=*/600, /*burst=*/2);  // one every 100 ms
  const auto start = Clock::now();
  ASSERT_TRUE(bucket.Acquire(nullptr));
  ASSERT_TRUE(bucket.Acquire(nullptr));
  EXPECT_LT(Clock::now() - start, 90ms);  // the burst does not wait for a refill (100 ms)
  ASSERT_TRUE(bucket.Acquire(nullptr));
  ASSERT_TRUE(bucket.Acquire(nullptr));
  EXPECT_GE(Clock::now() - start, 180ms);  // two refills of 100 ms each
}

TEST(TokenBucketTest, CancelledWhileWaiting) {
  TokenBucket bucket(/*requests_per_minute=*/1, /*burst=*/1);  // the next token in 60 s
  ASSERT_TRUE(bucket.Acquire(nullptr));
  std::atomic<bool> cancelled{false};
  std::jthread canceller([&] {
    std::this_thread::sleep_for(50ms);
    cancelled = true;
  });
  const auto start = Clock::now();
  EXPECT_FALSE(bucket.Acquire(&cancelled));
  EXPECT_LT(Clock::now() - start, 1s);
}

class CountingClient final : public LlmClient {
 public:
  absl::StatusOr<ModelReply> Complete(const StructuredRequest&) override {
    ++calls;
    return ModelReply{.text = "{}"};
  }
  const std::string& Provider() const override { return name_; }
  const std::string& Model() const override { return name_; }
  std::atomic<int> calls{0};

 private:
  std::string name_ = "counting";
};

TEST(RateLimitedClientTest, CancelledRequestDoesNotReachTheProvider) {
  auto inner = std::make_shared<CountingClient>();
  RateLimitedClient client(inner, /*requests_per_minute=*/1, /*burst=*/1);
  ASSERT_TRUE(client.Complete({}).ok());
  std::atomic<bool> cancelled{true};
  auto second = client.Complete({.cancelled = &cancelled});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(inner->calls.load(), 1);
  EXPECT_EQ(client.Provider(), "counting");
}

}  // namespace
}  // namespace jobrec::llm
