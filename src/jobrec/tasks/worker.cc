#include "jobrec/tasks/worker.h"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "jobrec/common/log.h"
#include "jobrec/tasks/backoff.h"

namespace jobrec::tasks {
namespace {

// Idle waits shorter than this are not worth a wake-up (a delayed task due "now").
constexpr std::chrono::milliseconds kMinIdleWait{20};

double UnitRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::string MakeOwner() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "unknown-host");
  thread_local std::mt19937 generator{std::random_device{}()};
  return absl::StrFormat("%s:%d:%08x", host, getpid(), generator());
}

}  // namespace

Worker::Worker(store::Database& db, const TaskHandlerRegistry& registry, const WorkerOptions& options)
    : db_(db), queue_(db, options.max_attempts), registry_(registry), options_(options), owner_(MakeOwner()) {}

absl::StatusOr<std::unique_ptr<Worker>> Worker::Start(store::Database& db, const TaskHandlerRegistry& registry,
                                                      const WorkerOptions& options) {
  JOBREC_RETURN_IF_ERROR(ValidateWorkerOptions(options));
  if (options.concurrency < 1) {
    return absl::InvalidArgumentError(absl::StrCat("worker concurrency must be at least 1, got ", options.concurrency));
  }
  std::unique_ptr<Worker> worker(new Worker(db, registry, options));
  Worker* self = worker.get();
  worker->listener_ = std::make_unique<store::TaskNotificationListener>(db, [self] { self->Wake(); });
  worker->heartbeat_ = std::jthread([self](std::stop_token stop) { self->HeartbeatLoop(stop); });
  for (int i = 0; i < options.concurrency; ++i) {
    worker->runners_.emplace_back([self](std::stop_token stop) { self->RunLoop(stop); });
  }
  log::Info("tasks.worker_started", {{"owner", worker->owner_},
                                     {"concurrency", options.concurrency},
                                     {"kinds", absl::StrJoin(registry.Kinds(), ",")}});
  return worker;
}

Worker::~Worker() { Stop(); }

void Worker::Stop() {
  std::call_once(stop_once_, [this] {
    log::Info("tasks.worker_draining", {{"owner", owner_}, {"busy", Stats().busy}});
    for (auto& runner : runners_) runner.request_stop();
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, context] : in_flight_) context->RequestStop();
    }
    for (auto& runner : runners_) runner.join();
    heartbeat_.request_stop();
    heartbeat_.join();
    listener_.reset();
    log::Info("tasks.worker_stopped", {{"owner", owner_}});
  });
}

WorkerStats Worker::Stats() const {
  WorkerStats stats{claimed_.load(), succeeded_.load(), retried_.load(), failed_.load(),
                    dead_.load(),    released_.load(),  lease_lost_.load()};
  {
    std::lock_guard lock(mutex_);
    stats.busy = static_cast<int>(in_flight_.size());
  }
  stats.listening = listener_ != nullptr && listener_->listening();
  return stats;
}

uint64_t Worker::WakeGeneration() {
  std::lock_guard lock(mutex_);
  return wake_generation_;
}

void Worker::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_.notify_all();
}

void Worker::WaitForWork(std::stop_token stop, uint64_t seen_generation, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, stop, timeout, [&] { return wake_generation_ != seen_generation; });
}

void Worker::RunLoop(std::stop_token stop) {
  bool database_down = false;
  while (!stop.stop_requested()) {
    // Read before claiming: a NOTIFY that lands between an empty claim and the wait below
    // still ends the wait.
    const uint64_t generation = WakeGeneration();
    auto claimed = queue_.Claim(owner_, options_.lease);
    if (!claimed.ok()) {
      if (!database_down) log::Warn("tasks.claim_failed", {{"error", claimed.status().ToString()}});
      database_down = true;
      WaitForWork(stop, generation, options_.poll_interval);
      continue;
    }
    if (database_down) log::Info("tasks.claim_recovered");
    database_down = false;
    if (claimed->has_value()) {
      ++claimed_;
      if (stop.stop_requested()) {
        // Stop arrived while claiming: hand it straight back.
        if (queue_.Release(**claimed).ok()) ++released_;
        break;
      }
      Execute(**claimed);
      continue;
    }
    auto wait = options_.poll_interval;
    if (auto due = queue_.NextDueIn(); due.ok() && due->has_value()) {
      wait = std::min(std::max(**due, kMinIdleWait), options_.poll_interval);
    }
    WaitForWork(stop, generation, wait);
  }
}

void Worker::Execute(const store::ClaimedTask& task) {
  auto context = std::make_shared<TaskContext>(task.id, task.kind, task.attempt, task.max_attempts);
  {
    std::lock_guard lock(mutex_);
    in_flight_[task.id] = context;
  }
  log::ScopedLogContext log_context("task_id", std::to_string(task.id));
  log::Info("tasks.started", {{"kind", task.kind}, {"attempt", task.attempt}, {"max_attempts", task.max_attempts}});
  auto started = std::chrono::steady_clock::now();
  absl::Status result = CallHandler(task, *context);
  {
    std::lock_guard lock(mutex_);
    in_flight_.erase(task.id);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::Info("tasks.handler_returned", {{"kind", task.kind}, {"ms", ms.count()}, {"status", result.ToString()}});
  Finish(task, *context, result);
}

absl::Status Worker::CallHandler(const store::ClaimedTask& task, const TaskContext& context) const {
  const TaskHandler* handler = registry_.Find(task.kind);
  if (handler == nullptr) {
    // Retried, not failed for good: during a rolling upgrade a newer worker may know it.
    return absl::UnimplementedError(absl::StrCat("no handler for task kind '", task.kind,
                                                 "' on this worker (it handles: ",
                                                 absl::StrJoin(registry_.Kinds(), ", "), ")"));
  }
  try {
    return (*handler)(context, task.payload);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("handler for '", task.kind, "' threw: ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat("handler for '", task.kind, "' threw a non-standard exception"));
  }
}

void Worker::Finish(const store::ClaimedTask& task, const TaskContext& context, const absl::Status& result) {
  if (context.lease_lost()) {
    ++lease_lost_;
    log::Warn("tasks.result_discarded", {{"why", "lease lost (cancelled, or expired and taken over)"}});
    return;
  }
  absl::Status recorded;
  if (result.ok()) {
    recorded = queue_.Complete(task);
    if (recorded.ok()) ++succeeded_;
  } else if (absl::IsCancelled(result) && context.stop_requested()) {
    recorded = queue_.Release(task);
    if (recorded.ok()) ++released_;
  } else {
    const bool permanent = absl::IsInvalidArgument(result);
    auto delay = BackoffDelay(task.attempt, options_.backoff_base, options_.backoff_cap, UnitRandom());
    auto state = queue_.Fail(task, result.ToString(), delay, permanent);
    recorded = state.status();
    if (state.ok()) {
      switch (*state) {
        case store::TaskState::kQueued:
          ++retried_;
          log::Warn("tasks.retry_scheduled", {{"error", result.ToString()}, {"retry_in_ms", delay.count()}});
          break;
        case store::TaskState::kDead:
          ++dead_;
          log::Error("tasks.dead", {{"error", result.ToString()}, {"attempts", task.attempt}});
          break;
        default:
          ++failed_;
          log::Error("tasks.failed", {{"error", result.ToString()}});
      }
    }
  }
  if (absl::IsFailedPrecondition(recorded)) {
    ++lease_lost_;
    log::Warn("tasks.result_discarded", {{"why", recorded.ToString()}});
  } else if (!recorded.ok()) {
    // The lease will expire and the task run again: handlers are idempotent.
    log::Error("tasks.record_failed", {{"error", recorded.ToString()}});
  }
}

void Worker::HeartbeatLoop(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(sleep_mutex);
      sleeper.wait_for(lock, stop, options_.heartbeat, [] { return false; });  // returns early on stop
    }
    if (stop.stop_requested()) break;
    std::vector<store::HeldLease> held;
    std::map<int64_t, std::shared_ptr<TaskContext>> contexts;
    {
      std::lock_guard lock(mutex_);
      contexts = in_flight_;
    }
    if (contexts.empty()) continue;
    for (auto& [id, context] : contexts) {
      held.push_back({id, context->attempt(), context->TakeProgress().value_or(nullptr)});
    }
    auto kept = queue_.Heartbeat(owner_, held, options_.lease);
    if (!kept.ok()) {
      log::Warn("tasks.heartbeat_failed", {{"error", kept.status().ToString()}, {"tasks", held.size()}});
      continue;
    }
    std::lock_guard lock(mutex_);
    for (auto& [id, context] : contexts) {
      auto current = in_flight_.find(id);
      // A task that finished meanwhile is not held any more, but not lost either.
      if (current == in_flight_.end() || current->second != context) continue;
      if (std::find(kept->begin(), kept->end(), id) == kept->end()) {
        log::Warn("tasks.lease_lost", {{"task_id", id}});
        context->MarkLeaseLost();
      }
    }
  }
}

}  // namespace jobrec::tasks
