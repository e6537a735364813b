// Waits for SIGINT or SIGTERM without a signal handler: the signals are blocked and a thread
// collects them with sigwait, so shutdown work runs as ordinary code.
//
// Construct it on the main thread before any other thread starts: threads inherit the signal
// mask, and a thread that does not block the signals would get the default action (exit).
// Not thread-safe; one instance per process.
#pragma once

#include <csignal>

namespace jobrec::api {

class SignalWaiter {
 public:
  SignalWaiter();   // blocks SIGINT and SIGTERM in the calling thread
  ~SignalWaiter();  // restores the previous mask
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

  // Blocks until SIGINT or SIGTERM arrives; returns its number.
  int Wait();

 private:
  sigset_t signals_;
  sigset_t previous_mask_;
};

}  // namespace jobrec::api
