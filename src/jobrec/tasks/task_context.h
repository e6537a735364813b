// What a task handler knows about the run it is part of, and how it talks back to the worker.
//
// Thread-safe: the worker's threads flag stop and read progress while the handler runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

namespace jobrec::tasks {

class TaskContext {
 public:
  TaskContext(int64_t task_id, std::string kind, int attempt, int max_attempts)
      : task_id_(task_id), kind_(std::move(kind)), attempt_(attempt), max_attempts_(max_attempts) {}

  int64_t task_id() const { return task_id_; }
  const std::string& kind() const { return kind_; }
  int attempt() const { return attempt_; }  // 1 on the first run; > 1 after a failure or crash
  int max_attempts() const { return max_attempts_; }

  // True once the worker is shutting down or the lease was lost. A long handler checks it
  // between steps and either finishes quickly or returns absl::CancelledError(), which hands
  // the task back to the queue (on shutdown) without counting the attempt.
  bool stop_requested() const { return stop_.stop_requested(); }
  // For waits: std::condition_variable_any::wait(lock, stop_token(), pred) returns on stop.
  std::stop_token stop_token() const { return stop_.get_token(); }
  // True when the task was cancelled or its lease expired and another worker took it: this
  // run's result will be discarded.
  bool lease_lost() const { return lease_lost_.load(); }

  // Records how far the handler got (fraction in [0, 1], clamped, and a short note). The
  // worker stores the latest report in tasks.progress with its next heartbeat.
  void ReportProgress(double fraction, const std::string& note) const;

  // Worker side.
  void RequestStop() { stop_.request_stop(); }
  void MarkLeaseLost() {
    lease_lost_ = true;
    stop_.request_stop();
  }
  // The report made since the last call, if any.
  std::optional<nlohmann::json> TakeProgress();

 private:
  const int64_t task_id_;
  const std::string kind_;
  const int attempt_;
  const int max_attempts_;
  std::stop_source stop_;
  std::atomic<bool> lease_lost_{false};
  mutable std::mutex progress_mutex_;
  mutable std::optional<nlohmann::json> progress_;
};

}  // namespace jobrec::tasks
