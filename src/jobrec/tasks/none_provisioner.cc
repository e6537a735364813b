#include "jobrec/tasks/none_provisioner.h"

namespace jobrec::tasks {
namespace {

absl::Status External() {
  return absl::FailedPreconditionError(
      "autoscaler.provider is none: workers are started and stopped by an external scaler");
}

}  // namespace

absl::StatusOr<std::vector<ProvisionedWorker>> NoneProvisioner::Start(int) { return External(); }
absl::Status NoneProvisioner::Stop(const std::string&) { return External(); }

}  // namespace jobrec::tasks
