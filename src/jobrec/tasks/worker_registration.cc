#include "jobrec/tasks/worker_registration.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/tasks/process_identity.h"

namespace jobrec::tasks {
namespace {

using Clock = std::chrono::steady_clock;

// How often the worker's state is sampled: a change (idle <-> busy) is written at once rather
// than with the next heartbeat, and the idle timeout is checked.
constexpr std::chrono::milliseconds kMaxSampleInterval{250};

}  // namespace

std::vector<common::ConfigKey> WorkerRegistrationConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "worker.provider", .type = ConfigType::kEnum, .default_value = "external",
       .help = "who started this worker process: local | ec2 (set by the autoscaler's provisioners) | external",
       .choices = {"local", "ec2", "external"}},
      {.name = "worker.instance_id", .type = ConfigType::kString, .default_value = "",
       .help = "the provider's name for this worker (EC2 instance id, pod name); empty: the pid for "
               "local workers, else the host name"},
      {.name = "worker.heartbeat_interval", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "how often a worker writes its state to the workers table", .min = 0.05, .max = 3600},
      {.name = "worker.lost_after_heartbeats", .type = ConfigType::kInt, .default_value = "3",
       .help = "a worker whose heartbeat is this many intervals old is shown as lost", .min = 2, .max = 100},
      {.name = "worker.idle_exit", .type = ConfigType::kDuration, .default_value = "0",
       .help = "a worker that ran no task for this long drains and exits (0: never)", .min = 0, .max = 7 * 86400},
      {.name = "worker.shutdown_on_idle_exit", .type = ConfigType::kBool, .default_value = "false",
       .help = "after an idle exit, exit with status 3 so that the worker's systemd unit powers the machine off "
               "(an EC2 worker, whose shutdown behaviour is terminate)"},
  };
}

absl::StatusOr<WorkerRegistrationOptions> WorkerRegistrationOptionsFromConfig(const common::Config& config) {
  WorkerRegistrationOptions options;
  options.provider = store::ParseWorkerProvider(config.GetString("worker.provider")).value();
  options.instance_id = config.GetString("worker.instance_id");
  options.heartbeat = config.GetDuration("worker.heartbeat_interval");
  options.lost_after_heartbeats = static_cast<int>(config.GetInt("worker.lost_after_heartbeats"));
  options.idle_exit = config.GetDuration("worker.idle_exit");
  options.shutdown_on_idle_exit = config.GetBool("worker.shutdown_on_idle_exit");
  if (options.shutdown_on_idle_exit && options.idle_exit.count() == 0) {
    return absl::InvalidArgumentError(
        "config key 'worker.shutdown_on_idle_exit': needs worker.idle_exit above 0 (the worker never idles out)");
  }
  return options;
}

absl::StatusOr<std::unique_ptr<WorkerRegistration>> WorkerRegistration::Start(
    store::Database& db, const WorkerRegistrationOptions& options, const Worker& worker, int concurrency,
    std::function<void()> on_idle) {
  if (options.heartbeat.count() <= 0 || options.lost_after_heartbeats < 2 || options.idle_exit.count() < 0) {
    return absl::InvalidArgumentError("worker registration: bad heartbeat, lost_after_heartbeats or idle_exit");
  }
  std::string instance_id = options.instance_id;
  if (instance_id.empty()) {
    instance_id = options.provider == store::WorkerProvider::kLocal ? std::to_string(getpid()) : HostName();
  }
  store::WorkerRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(int64_t id, repo.Register({.provider = options.provider,
                                                     .instance_id = instance_id,
                                                     .host = HostName(),
                                                     .lease_owner = worker.owner(),
                                                     .concurrency = concurrency,
                                                     .lost_after = options.heartbeat * options.lost_after_heartbeats}));
  log::Info("tasks.worker_registered", {{"worker_id", id},
                                        {"provider", store::WorkerProviderName(options.provider)},
                                        {"instance_id", instance_id},
                                        {"idle_exit_ms", options.idle_exit.count()}});
  return std::unique_ptr<WorkerRegistration>(new WorkerRegistration(db, options, worker, std::move(on_idle), id));
}

WorkerRegistration::WorkerRegistration(store::Database& db, const WorkerRegistrationOptions& options,
                                       const Worker& worker, std::function<void()> on_idle, int64_t id)
    : repo_(db),
      options_(options),
      worker_(worker),
      on_idle_(std::move(on_idle)),
      id_(id),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

WorkerRegistration::~WorkerRegistration() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void WorkerRegistration::MarkDraining() {
  if (draining_.exchange(true)) return;
  Beat(store::WorkerState::kDraining);
}

void WorkerRegistration::MarkStopped(const std::string& exit_reason) {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  if (absl::Status s = repo_.MarkStopped(id_, exit_reason); !s.ok()) {
    log::Error("tasks.worker_unregister_failed", {{"worker_id", id_}, {"error", s.ToString()}});
    return;
  }
  log::Info("tasks.worker_unregistered", {{"worker_id", id_}, {"exit_reason", exit_reason}});
}

void WorkerRegistration::Beat(store::WorkerState state) {
  absl::Status s = repo_.Heartbeat(id_, state);
  if (!s.ok() && !heartbeat_failing_.exchange(true)) {
    log::Warn("tasks.worker_heartbeat_failed", {{"worker_id", id_}, {"error", s.ToString()}});
  } else if (s.ok() && heartbeat_failing_.exchange(false)) {
    log::Info("tasks.worker_heartbeat_recovered", {{"worker_id", id_}});
  }
}

void WorkerRegistration::Run(std::stop_token stop) {
  const auto sample = std::min(options_.heartbeat, kMaxSampleInterval);
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  std::optional<store::WorkerState> last_state;
  Clock::time_point last_beat;
  Clock::time_point last_activity = Clock::now();
  uint64_t last_claimed = worker_.Stats().claimed;
  while (!stop.stop_requested()) {
    const auto now = Clock::now();
    const WorkerStats stats = worker_.Stats();
    if (stats.busy > 0 || stats.claimed != last_claimed) last_activity = now;
    last_claimed = stats.claimed;
    const store::WorkerState state = draining_  ? store::WorkerState::kDraining
                                     : stats.busy > 0 ? store::WorkerState::kBusy
                                                      : store::WorkerState::kIdle;
    if (state != last_state || now - last_beat >= options_.heartbeat) {
      Beat(state);
      last_state = state;
      last_beat = now;
    }
    if (!draining_ && options_.idle_exit.count() > 0 && now - last_activity >= options_.idle_exit &&
        !idle_exit_.exchange(true)) {
      log::Info("tasks.worker_idle_exit", {{"worker_id", id_}, {"idle_ms", options_.idle_exit.count()}});
      if (on_idle_) on_idle_();
    }
    std::unique_lock lock(sleep_mutex);
    sleeper.wait_for(lock, stop, sample, [] { return false; });
  }
}

}  // namespace jobrec::tasks
