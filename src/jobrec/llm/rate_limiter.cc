#include "jobrec/llm/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace jobrec::llm {
namespace {
// The longest single sleep, so that a cancellation is noticed promptly.
constexpr std::chrono::milliseconds kMaxSleep{20};
}  // namespace

TokenBucket::TokenBucket(int requests_per_minute, int burst)
    : tokens_per_second_(std::max(1, requests_per_minute) / 60.0),
      capacity_(std::max(1, burst)),
      tokens_(capacity_),
      last_refill_(Clock::now()) {}

bool TokenBucket::Acquire(const std::atomic<bool>* cancelled) {
  while (true) {
    if (cancelled != nullptr && cancelled->load()) return false;
    std::chrono::duration<double> wait{0};
    {
      std::lock_guard lock(mu_);
      const Clock::time_point now = Clock::now();
      const std::chrono::duration<double> elapsed = now - last_refill_;
      tokens_ = std::min(capacity_, tokens_ + elapsed.count() * tokens_per_second_);
      last_refill_ = now;
      if (tokens_ >= 1.0) {
        tokens_ -= 1.0;
        return true;
      }
      wait = std::chrono::duration<double>((1.0 - tokens_) / tokens_per_second_);
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::duration<double>>(wait, std::chrono::duration<double>(kMaxSleep)));
  }
}

}  // namespace jobrec::llm
