// Wakes idle workers the moment a task is enqueued: a thread holding its own connection that
// LISTENs on kTaskChannel (the tasks table's triggers NOTIFY it). Notifications sent while the
// connection is down are lost, so `on_wake` is also called after every (re)connect; workers
// keep polling as a fallback either way.
//
// Thread-safe. `on_wake` runs on the listener's thread and must be quick (notify a condition
// variable).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "jobrec/store/database.h"

namespace jobrec::store {

class TaskNotificationListener {
 public:
  // Never fails: connecting happens on the thread, retried with backoff while the database is
  // unreachable.
  TaskNotificationListener(Database& db, std::function<void()> on_wake);
  // Stops and joins the thread (within about 250 ms).
  ~TaskNotificationListener();

  // True while LISTEN is in effect.
  bool listening() const { return listening_.load(); }

 private:
  void Run(std::stop_token stop);

  Database& db_;
  std::function<void()> on_wake_;
  std::atomic<bool> listening_{false};
  std::jthread thread_;  // last: starts after the members it uses exist
};

}  // namespace jobrec::store
