// Store-internal: runs a helper program (initdb, pg_ctl, useradd) and collects its output.
// Thread-safe (each call forks its own child).
#pragma once

#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::store {

struct ProcessResult {
  int exit_code = 0;   // 128 + signal number when killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// Runs argv[0] (looked up in PATH when it has no '/') with `cwd` as working directory, stdin
// from /dev/null and no file descriptors inherited beyond 0-2, and waits for it. Returns the
// exit code whatever it is; an error only when the program could not be started.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         const std::string& cwd);

// RunProcess, then Internal "<what> failed (exit N): <output>" unless it exited with 0.
absl::Status RunChecked(const std::string& what, const std::vector<std::string>& argv,
                        const std::string& cwd);

}  // namespace jobrec::store
