#include "jobrec/tasks/local_provisioner.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/tasks/process_identity.h"

extern char** environ;

namespace jobrec::tasks {
namespace {

using Clock = std::chrono::steady_clock;

// Later entries replace earlier ones with the same name; order of first appearance is kept.
absl::StatusOr<std::vector<std::string>> MergeEnvironment(const std::vector<std::string>& base,
                                                          const std::vector<std::string>& extra) {
  std::vector<std::string> merged;
  std::map<std::string, size_t> index;
  for (const auto* list : {&base, &extra}) {
    for (const auto& entry : *list) {
      size_t eq = entry.find('=');
      if (eq == std::string::npos || eq == 0) {
        return absl::InvalidArgumentError(absl::StrCat("environment entry '", entry, "' is not NAME=value"));
      }
      auto [it, inserted] = index.emplace(entry.substr(0, eq), merged.size());
      if (inserted) {
        merged.push_back(entry);
      } else {
        merged[it->second] = entry;
      }
    }
  }
  return merged;
}

std::vector<std::string> ProcessEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) env.emplace_back(*e);
  return env;
}

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exit ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("signal ", WTERMSIG(status), " (", strsignal(WTERMSIG(status)), ")");
  return absl::StrCat("status ", status);
}

}  // namespace

absl::StatusOr<std::unique_ptr<LocalProvisioner>> LocalProvisioner::Create(LocalProvisionerOptions options) {
  if (access(options.binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(
        absl::StrCat("worker binary ", options.binary, " is not an executable file: ", std::strerror(errno)));
  }
  if (options.stop_grace.count() <= 0 || options.min_healthy_uptime.count() < 0 ||
      options.supervise_interval.count() <= 0) {
    return absl::InvalidArgumentError("local provisioner durations must be positive");
  }
  JOBREC_ASSIGN_OR_RETURN(
      auto environment,
      MergeEnvironment(options.environment.value_or(ProcessEnvironment()), options.extra_environment));
  return std::unique_ptr<LocalProvisioner>(new LocalProvisioner(std::move(options), std::move(environment)));
}

LocalProvisioner::LocalProvisioner(LocalProvisionerOptions options, std::vector<std::string> environment)
    : options_(std::move(options)),
      environment_(std::move(environment)),
      host_(HostName()),
      supervisor_([this](std::stop_token stop) { Supervise(stop); }) {}

LocalProvisioner::~LocalProvisioner() {
  supervisor_.request_stop();
  supervisor_.join();
  std::unique_lock lock(mutex_);
  const auto deadline = Clock::now() + options_.stop_grace;
  for (auto& child : children_) {
    if (child.stopping) continue;  // keeps its own, earlier deadline
    kill(child.pid, SIGTERM);
    child.stopping = true;
    child.kill_at = deadline;
  }
  if (!children_.empty()) log::Info("tasks.local_workers_stopping", {{"count", children_.size()}});
  while (!children_.empty()) {
    ReapLocked();
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    lock.lock();
  }
}

absl::StatusOr<LocalProvisioner::Child> LocalProvisioner::SpawnLocked() {
  // Everything the child needs exists before fork: between fork and exec only async-signal-safe
  // calls are allowed (another thread may hold malloc's lock).
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(options_.binary.c_str()));
  for (const auto& arg : options_.args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& entry : environment_) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  const char* output = options_.output_path.empty() ? nullptr : options_.output_path.c_str();
  const pid_t parent = getpid();
  sigset_t none;
  sigemptyset(&none);

  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    // `jobrec serve` blocks SIGTERM/SIGINT in every thread to sigwait for them; the worker
    // must start with them deliverable (it installs its own waiter).
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(126);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0) _exit(126);
    if (output != nullptr) {
      int fd = open(output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(126);
    }
    // Database sockets, lock files and listening sockets of the parent stay with the parent.
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  Child child{.pid = pid, .started = Clock::now(), .started_wall = std::chrono::system_clock::now()};
  log::Info("tasks.local_worker_started", {{"pid", pid}});
  return child;
}

void LocalProvisioner::ReapLocked() {
  const auto now = Clock::now();
  std::vector<Child> restart;
  for (auto it = children_.begin(); it != children_.end();) {
    int status = 0;
    pid_t got = waitpid(it->pid, &status, WNOHANG);
    if (got == 0) {
      if (it->stopping && !it->killed && now >= it->kill_at) {
        log::Warn("tasks.local_worker_killed", {{"pid", it->pid}, {"why", "did not drain within the stop grace"}});
        kill(it->pid, SIGKILL);
        it->killed = true;
      }
      ++it;
      continue;
    }
    // got < 0: not our child any more (ECHILD); nothing left to wait for.
    const bool clean = got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const auto uptime = std::chrono::duration_cast<std::chrono::milliseconds>(now - it->started);
    const bool crashed = !clean && !it->stopping;
    const bool restart_it = crashed && uptime >= options_.min_healthy_uptime;
    log::Write(crashed ? log::Level::kWarn : log::Level::kInfo, "tasks.local_worker_exited",
               {{"pid", it->pid},
                {"how", got > 0 ? DescribeExit(status) : "unknown"},
                {"uptime_ms", uptime.count()},
                {"asked_to_stop", it->stopping},
                {"restart", restart_it}});
    if (restart_it) restart.push_back(*it);
    it = children_.erase(it);
  }
  for (size_t i = 0; i < restart.size(); ++i) {
    auto child = SpawnLocked();
    if (!child.ok()) {
      log::Error("tasks.local_worker_restart_failed", {{"error", child.status().ToString()}});
      continue;
    }
    ++restarts_;
    children_.push_back(*child);
  }
}

void LocalProvisioner::Supervise(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeper;
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mutex_);
      ReapLocked();
    }
    std::unique_lock lock(sleep_mutex);
    sleeper.wait_for(lock, stop, options_.supervise_interval, [] { return false; });
  }
}

ProvisionedWorker LocalProvisioner::Describe(const Child& child) const {
  return {.id = std::to_string(child.pid),
          .provider = "local",
          .host = host_,
          .phase = child.stopping ? ProvisionedWorker::Phase::kStopping : ProvisionedWorker::Phase::kRunning,
          .started_at = child.started_wall};
}

absl::StatusOr<std::vector<ProvisionedWorker>> LocalProvisioner::List() {
  std::lock_guard lock(mutex_);
  std::vector<ProvisionedWorker> workers;
  for (const auto& child : children_) workers.push_back(Describe(child));
  return workers;
}

absl::StatusOr<std::vector<ProvisionedWorker>> LocalProvisioner::Start(int n) {
  if (n < 1) return absl::InvalidArgumentError(absl::StrCat("cannot start ", n, " workers"));
  std::lock_guard lock(mutex_);
  std::vector<ProvisionedWorker> started;
  for (int i = 0; i < n; ++i) {
    auto child = SpawnLocked();
    if (!child.ok()) {
      if (started.empty()) return child.status();
      log::Error("tasks.local_worker_start_failed", {{"error", child.status().ToString()}, {"started", started.size()}});
      break;
    }
    children_.push_back(*child);
    started.push_back(Describe(*child));
  }
  return started;
}

absl::Status LocalProvisioner::Stop(const std::string& id) {
  pid_t pid = 0;
  if (!absl::SimpleAtoi(id, &pid) || pid <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", id, "' is not a process id"));
  }
  std::lock_guard lock(mutex_);
  auto it = std::find_if(children_.begin(), children_.end(), [&](const Child& c) { return c.pid == pid; });
  if (it == children_.end()) return absl::NotFoundError(absl::StrCat("no local worker with pid ", pid));
  if (it->stopping) return absl::OkStatus();
  kill(pid, SIGTERM);
  it->stopping = true;
  it->kill_at = Clock::now() + options_.stop_grace;
  log::Info("tasks.local_worker_stopping", {{"pid", pid}});
  return absl::OkStatus();
}

absl::Status LocalProvisioner::Reconcile() {
  std::lock_guard lock(mutex_);
  ReapLocked();
  return absl::OkStatus();
}

int LocalProvisioner::restarts() const {
  std::lock_guard lock(mutex_);
  return restarts_;
}

}  // namespace jobrec::tasks
