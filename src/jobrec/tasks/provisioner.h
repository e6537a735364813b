// Where worker processes come from: the autoscaler (tasks/autoscaler.h) asks a Provisioner to
// start and stop `jobrec worker` processes. Implementations: local child processes
// (local_provisioner.h), EC2 instances (ec2_provisioner.h), and none (none_provisioner.h: an
// external scaler such as KEDA owns the workers).
//
// Thread-compatible: the autoscaler's thread makes every call (an implementation may run a
// thread of its own, e.g. to reap children, and then synchronises internally).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::tasks {

struct ProvisionedWorker {
  enum class Phase { kStarting, kRunning, kStopping };

  std::string id;        // matches workers.instance_id: the pid (local) or the EC2 instance id
  std::string provider;  // matches workers.provider: "local", "ec2"
  std::string host;      // where it runs when known here (local: this host), else empty
  Phase phase = Phase::kStarting;
  std::chrono::system_clock::time_point started_at;
};

class Provisioner {
 public:
  virtual ~Provisioner() = default;

  // "local", "ec2", "none": the autoscaler.provider value it implements.
  virtual std::string name() const = 0;
  // True when workers are started by someone else (provider none): the autoscaler then only
  // records what it would do.
  virtual bool external() const { return false; }

  // The workers it runs now, as of the last Reconcile/Start/Stop: starting, running, and
  // stopping ones (phase kStopping, not counted as capacity).
  virtual absl::StatusOr<std::vector<ProvisionedWorker>> List() = 0;

  // Starts `n` (>= 1) more workers and returns those it started, which may be fewer than `n`
  // (a cloud's capacity); an error only when none started. InvalidArgument for n < 1;
  // FailedPrecondition for a provisioner that cannot start workers (none).
  virtual absl::StatusOr<std::vector<ProvisionedWorker>> Start(int n) = 0;

  // Asks worker `id` to stop: it drains (finishes the tasks in hand) and exits. NotFound for
  // an id it does not run; FailedPrecondition for none.
  virtual absl::Status Stop(const std::string& id) = 0;

  // Brings its view in line with the world before a decision: reaps exited processes, adopts
  // instances a previous leader started. Errors leave the previous view in place.
  virtual absl::Status Reconcile() = 0;
};

}  // namespace jobrec::tasks
