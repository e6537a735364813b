#include "jobrec/store/task_notifications.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "jobrec/common/log.h"
#include "jobrec/store/connection_pool.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::store {
namespace {

// How long one wait for a notification blocks; bounds the stop latency.
constexpr long kWaitMicros = 250'000;
constexpr std::chrono::milliseconds kFirstRetry{500};
constexpr std::chrono::milliseconds kMaxRetry{30'000};

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& connection, const std::function<void()>& on_wake)
      : pqxx::notification_receiver(connection, kTaskChannel), on_wake_(on_wake) {}
  void operator()(const std::string&, int) override { on_wake_(); }

 private:
  const std::function<void()>& on_wake_;
};

void SleepFor(std::stop_token stop, std::chrono::milliseconds delay) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait_for(lock, stop, delay, [] { return false; });
}

}  // namespace

TaskNotificationListener::TaskNotificationListener(Database& db, std::function<void()> on_wake)
    : db_(db), on_wake_(std::move(on_wake)), thread_([this](std::stop_token stop) { Run(stop); }) {}

TaskNotificationListener::~TaskNotificationListener() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void TaskNotificationListener::Run(std::stop_token stop) {
  auto retry = kFirstRetry;
  while (!stop.stop_requested()) {
    auto connection = db_.pool().ConnectDedicated();
    if (!connection.ok()) {
      log::Warn("tasks.listen_connect_failed",
                {{"error", connection.status().ToString()}, {"retry_ms", retry.count()}});
      SleepFor(stop, retry);
      retry = std::min(retry * 2, kMaxRetry);
      continue;
    }
    try {
      Receiver receiver(**connection, on_wake_);
      listening_ = true;
      retry = kFirstRetry;
      on_wake_();
      while (!stop.stop_requested()) (*connection)->await_notification(0, kWaitMicros);
    } catch (const std::exception& e) {
      log::Warn("tasks.listen_lost", {{"error", e.what()}, {"retry_ms", retry.count()}});
    }
    listening_ = false;
    if (!stop.stop_requested()) {
      SleepFor(stop, retry);
      retry = std::min(retry * 2, kMaxRetry);
    }
  }
}

}  // namespace jobrec::store
