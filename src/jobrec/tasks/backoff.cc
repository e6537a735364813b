#include "jobrec/tasks/backoff.h"

#include <algorithm>
#include <cmath>

namespace jobrec::tasks {

std::chrono::milliseconds BackoffDelay(int attempt, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, double unit_random) {
  const int doublings = std::clamp(attempt, 1, 63) - 1;
  // In double: base * 2^62 overflows int64 long before the cap applies.
  const double uncapped = static_cast<double>(base.count()) * std::ldexp(1.0, doublings);
  const double full = std::min(uncapped, static_cast<double>(cap.count()));
  const double jitter = std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(full / 2 + full / 2 * jitter));
}

}  // namespace jobrec::tasks
