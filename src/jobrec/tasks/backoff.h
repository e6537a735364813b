// Retry delays for failed tasks.
#pragma once

#include <chrono>

namespace jobrec::tasks {

// Delay before retrying after failed attempt number `attempt` (1 = the first run failed):
// base * 2^(attempt - 1), capped at `cap`, with "equal jitter": half of it fixed and half
// scaled by `unit_random` in [0, 1), so tasks that failed together do not retry in lockstep.
// Pure; attempt < 1 counts as 1.
std::chrono::milliseconds BackoffDelay(int attempt, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, double unit_random);

}  // namespace jobrec::tasks
