// Error handling of the benchmarks: a benchmark that cannot set up or measure has nothing to
// report, so it says what failed ("<program>: <what>: <status>" on stderr) and exits 1.
#pragma once

#include <errno.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "jobrec/common/status.h"

namespace jobrec::bench {

[[noreturn]] inline void Die(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what.c_str(), status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(what, value.status());
  return std::move(value).value();
}

inline void Must(const absl::Status& status, const std::string& what) {
  if (!status.ok()) Die(what, status);
}

}  // namespace jobrec::bench
