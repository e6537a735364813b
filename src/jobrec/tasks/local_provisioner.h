// Workers as child processes of this process: `jobrec worker`, started from this very binary
// (/proc/self/exe, so a worker always runs the same build as its autoscaler) with the same
// configuration file and environment plus JOBREC_WORKER_PROVIDER=local.
//
// A supervisor thread reaps children as they exit. One that exits with status 0 (idle
// timeout, or drained after SIGTERM) is forgotten. One that crashes (killed by a signal,
// non-zero status) without being asked to stop is restarted at once, unless it died within
// min_healthy_uptime of its start: a worker that cannot start at all is left to the
// autoscaler's next tick rather than respawned in a tight loop. Stop() sends SIGTERM (drain)
// and SIGKILL after stop_grace. The children also get SIGTERM from the kernel
// (PR_SET_PDEATHSIG) when the thread that started them ends, so they never outlive a crashed
// autoscaler by more than their drain.
//
// Thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "jobrec/tasks/provisioner.h"

namespace jobrec::tasks {

struct LocalProvisionerOptions {
  std::string binary = "/proc/self/exe";
  // Arguments after the program name: {"--config", "/etc/jobrec.toml", "worker"}.
  std::vector<std::string> args = {"worker"};
  // "NAME=value" entries the children get; nullopt: this process's environment.
  std::optional<std::vector<std::string>> environment;
  // Added to (or replacing in) the environment above.
  std::vector<std::string> extra_environment = {"JOBREC_WORKER_PROVIDER=local"};
  std::string output_path;  // children's stdout+stderr appended here; empty: inherited
  std::chrono::milliseconds stop_grace{30'000};
  std::chrono::milliseconds min_healthy_uptime{5'000};
  std::chrono::milliseconds supervise_interval{100};
};

class LocalProvisioner : public Provisioner {
 public:
  // NotFound when `binary` is not an executable file; InvalidArgument for non-positive
  // durations or an environment entry without '='.
  static absl::StatusOr<std::unique_ptr<LocalProvisioner>> Create(LocalProvisionerOptions options);
  // Stops every child: SIGTERM, waits up to stop_grace for them to drain, SIGKILLs the rest.
  ~LocalProvisioner() override;

  std::string name() const override { return "local"; }
  absl::StatusOr<std::vector<ProvisionedWorker>> List() override;
  // Internal when fork fails before any child started.
  absl::StatusOr<std::vector<ProvisionedWorker>> Start(int n) override;
  // InvalidArgument for an id that is not a pid.
  absl::Status Stop(const std::string& id) override;
  absl::Status Reconcile() override;  // reaps exits now (the supervisor does it every 100 ms)

  // Children restarted after a crash, since creation.
  int restarts() const;

 private:
  struct Child {
    pid_t pid = 0;
    std::chrono::steady_clock::time_point started;
    std::chrono::system_clock::time_point started_wall;
    bool stopping = false;
    bool killed = false;
    std::chrono::steady_clock::time_point kill_at;
  };

  explicit LocalProvisioner(LocalProvisionerOptions options, std::vector<std::string> environment);
  absl::StatusOr<Child> SpawnLocked();
  void ReapLocked();
  void Supervise(std::stop_token stop);
  ProvisionedWorker Describe(const Child& child) const;

  const LocalProvisionerOptions options_;
  const std::vector<std::string> environment_;  // final, "NAME=value"
  const std::string host_;
  mutable std::mutex mutex_;
  std::vector<Child> children_;
  int restarts_ = 0;
  std::jthread supervisor_;  // last: starts after the members it uses exist
};

}  // namespace jobrec::tasks
