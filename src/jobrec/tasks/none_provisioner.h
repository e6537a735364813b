// autoscaler.provider = none: workers are started and stopped by something else (Kubernetes
// with KEDA scaling a worker Deployment on the jobrec_tasks{state="queued"} metric, see
// deploy/README.md). The autoscaler then only records what it would want, counting the live
// workers registered in the workers table.
//
// Thread-safe (stateless).
#pragma once

#include "jobrec/tasks/provisioner.h"

namespace jobrec::tasks {

class NoneProvisioner : public Provisioner {
 public:
  std::string name() const override { return "none"; }
  bool external() const override { return true; }
  absl::StatusOr<std::vector<ProvisionedWorker>> List() override { return std::vector<ProvisionedWorker>{}; }
  absl::StatusOr<std::vector<ProvisionedWorker>> Start(int n) override;  // FailedPrecondition
  absl::Status Stop(const std::string& id) override;                     // FailedPrecondition
  absl::Status Reconcile() override { return absl::OkStatus(); }
};

}  // namespace jobrec::tasks
