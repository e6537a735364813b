// Test helper: runs a program (the jobrec binary, the test worker) as a child process with an
// environment the test controls, its output captured in a file. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace jobrec::testing {

class ChildProcess {
 public:
  // Starts argv[0] (a path) with exactly `env` ("NAME=value") plus PATH and HOME from this
  // process, so the test decides every setting the child sees: a JOBREC_DATABASE_URL or
  // JOBREC_STATE_DIR in the developer's shell cannot point a test's child at a real database.
  // stdout and stderr go to one temporary file. The child is killed if
  // the thread that started it exits (PR_SET_PDEATHSIG), so an aborted test leaves no
  // processes behind; start children from the test's main thread.
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  ~ChildProcess();  // SIGKILLs the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal_number) const;
  // Exit code (128 + signal when killed), or nullopt if still running after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  std::string Output() const;
  // Waits until the output contains `text` or `timeout` passes (or the child exits).
  bool WaitForOutput(const std::string& text, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string output_path_;
};

struct RunResult {
  int exit_code = -1;
  std::string output;
};

// The jobrec binary under test (JOBREC_TEST_BINARY, set by ctest).
std::string JobrecBinary();

// Runs `jobrec args...` to completion (at most 60 s) with `env` as described above.
RunResult RunJobrec(const std::vector<std::string>& args, const std::vector<std::string>& env);

// Calls `condition` every 20 ms until it holds or `timeout` passes; returns the last result.
template <typename Condition>
bool WaitUntil(Condition condition, std::chrono::milliseconds timeout);

}  // namespace jobrec::testing

#include <thread>

namespace jobrec::testing {

template <typename Condition>
bool WaitUntil(Condition condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace jobrec::testing
