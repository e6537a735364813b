// The one call that builds the autoscaler the configuration asks for (autoscaler.* keys),
// with its provisioner. `jobrec serve` wires it as a background component:
//
//   JOBREC_ASSIGN_OR_RETURN(std::unique_ptr<tasks::Autoscaler> autoscaler,
//                           tasks::AutoscalerFromConfig(config, store->db(), ctx.config_path));
//   if (autoscaler) {
//     hooks.components.push_back({.name = "autoscaler",
//                                 .start = [&] { return autoscaler->Start(); },
//                                 .stop = [&] { autoscaler->Stop(); return absl::OkStatus(); }});
//   }
//
// Thread-safe (no shared state).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/tasks/autoscaler.h"

namespace jobrec::tasks {

// autoscaler.enabled (true), autoscaler.provider (local | ec2 | none), autoscaler.min_workers
// (0), autoscaler.max_workers (4), autoscaler.tasks_per_worker (50), autoscaler.interval (5s),
// autoscaler.idle_period (10m), autoscaler.local_stop_grace (30s), autoscaler.local_worker_log
// (""), plus the autoscaler.ec2_* keys of ec2_provisioner.h.
std::vector<common::ConfigKey> AutoscalerConfigKeys();

// InvalidArgument naming the key (min above max, ...).
absl::StatusOr<AutoscalerOptions> AutoscalerOptionsFromConfig(const common::Config& config);

// Null when autoscaler.enabled is false. Not started yet. `config_path` (the --config file, if
// any) is passed on to local workers so that they read the same configuration. Errors:
// InvalidArgument naming a bad key, NotFound when the local worker binary is missing, the EC2
// client's errors for provider ec2.
absl::StatusOr<std::unique_ptr<Autoscaler>> AutoscalerFromConfig(const common::Config& config, store::Database& db,
                                                                 const std::optional<std::string>& config_path);

}  // namespace jobrec::tasks
