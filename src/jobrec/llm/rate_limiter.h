// A token bucket that spaces out LLM calls to stay under a provider's requests-per-minute
// limit on the client side, so a batch does not run into 429s and their backoff.
//
// Thread-safety: safe to share; Acquire() blocks the calling thread.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

namespace jobrec::llm {

class TokenBucket {
 public:
  // `requests_per_minute` > 0 is the refill rate; `burst` (>= 1) the bucket's size: that many
  // calls may start at once after an idle period. The bucket starts full.
  TokenBucket(int requests_per_minute, int burst);

  // Takes one token, waiting for the refill if needed. Returns false, without taking a token,
  // when `cancelled` (may be null) becomes true while waiting.
  bool Acquire(const std::atomic<bool>* cancelled);

 private:
  using Clock = std::chrono::steady_clock;

  const double tokens_per_second_;
  const double capacity_;
  std::mutex mu_;
  double tokens_;
  Clock::time_point last_refill_;
};

}  // namespace jobrec::llm
