#include "jobrec/tasks/autoscaler_setup.h"

#include "jobrec/cloud/cloud_options.h"
#include "jobrec/tasks/ec2_provisioner.h"
#include "jobrec/tasks/local_provisioner.h"
#include "jobrec/tasks/none_provisioner.h"

namespace jobrec::tasks {
namespace {

absl::StatusOr<std::unique_ptr<Provisioner>> ProvisionerFromConfig(const common::Config& config,
                                                                   const std::optional<std::string>& config_path) {
  const std::string& provider = config.GetString("autoscaler.provider");
  if (provider == "none") return std::make_unique<NoneProvisioner>();
  if (provider == "ec2") {
    JOBREC_ASSIGN_OR_RETURN(auto options, Ec2ProvisionerOptionsFromConfig(config));
    JOBREC_ASSIGN_OR_RETURN(auto cloud_options, cloud::CloudOptionsFromConfig(config));
    JOBREC_ASSIGN_OR_RETURN(auto api, ConnectEc2(cloud_options));
    JOBREC_ASSIGN_OR_RETURN(auto ec2, Ec2Provisioner::Create(std::move(api), std::move(options)));
    return ec2;
  }
  LocalProvisionerOptions options;
  if (config_path) options.args = {"--config", *config_path, "worker"};
  options.stop_grace = config.GetDuration("autoscaler.local_stop_grace");
  options.output_path = config.GetString("autoscaler.local_worker_log");
  JOBREC_ASSIGN_OR_RETURN(auto local, LocalProvisioner::Create(std::move(options)));
  return local;
}

}  // namespace

std::vector<common::ConfigKey> AutoscalerConfigKeys() {
  using common::ConfigType;
  std::vector<common::ConfigKey> keys = {
      {.name = "autoscaler.enabled", .type = ConfigType::kBool, .default_value = "true",
       .help = "run the autoscaler in `jobrec serve` (one replica acts at a time, chosen by a database lock)"},
      {.name = "autoscaler.provider", .type = ConfigType::kEnum, .default_value = "local",
       .help = "where workers run: local (child processes) | ec2 (instances) | none (an external scaler; "
               "decisions are only recorded)",
       .choices = {"local", "ec2", "none"}},
      {.name = "autoscaler.min_workers", .type = ConfigType::kInt, .default_value = "0",
       .help = "workers kept running with an empty queue", .min = 0, .max = 1000},
      {.name = "autoscaler.max_workers", .type = ConfigType::kInt, .default_value = "4",
       .help = "most workers run at once", .min = 0, .max = 1000},
      {.name = "autoscaler.tasks_per_worker", .type = ConfigType::kInt, .default_value = "50",
       .help = "queued tasks per worker: desired = ceil(queued / this), clamped to min..max", .min = 1, .max = 1e6},
      {.name = "autoscaler.interval", .type = ConfigType::kDuration, .default_value = "5s",
       .help = "time between two decisions (and the longest a takeover by another replica waits)",
       .min = 0.05, .max = 3600},
      {.name = "autoscaler.idle_period", .type = ConfigType::kDuration, .default_value = "10m",
       .help = "workers are stopped only after fewer have been wanted for this long", .min = 0, .max = 7 * 86400},
      {.name = "autoscaler.local_stop_grace", .type = ConfigType::kDuration, .default_value = "30s",
       .help = "provider local: time a stopping worker gets to drain before SIGKILL", .min = 0.1, .max = 86400},
      {.name = "autoscaler.local_worker_log", .type = ConfigType::kString, .default_value = "",
       .help = "provider local: file the workers' output is appended to (empty: the autoscaler's own output)"},
  };
  for (auto& key : Ec2ProvisionerConfigKeys()) keys.push_back(std::move(key));
  return keys;
}

absl::StatusOr<AutoscalerOptions> AutoscalerOptionsFromConfig(const common::Config& config) {
  AutoscalerOptions options;
  options.policy.min_workers = static_cast<int>(config.GetInt("autoscaler.min_workers"));
  options.policy.max_workers = static_cast<int>(config.GetInt("autoscaler.max_workers"));
  options.policy.tasks_per_worker = static_cast<int>(config.GetInt("autoscaler.tasks_per_worker"));
  options.policy.idle_period = config.GetDuration("autoscaler.idle_period");
  options.interval = config.GetDuration("autoscaler.interval");
  JOBREC_RETURN_IF_ERROR(ValidateScalingPolicy(options.policy));
  return options;
}

absl::StatusOr<std::unique_ptr<Autoscaler>> AutoscalerFromConfig(const common::Config& config, store::Database& db,
                                                                 const std::optional<std::string>& config_path) {
  if (!config.GetBool("autoscaler.enabled")) return nullptr;
  JOBREC_ASSIGN_OR_RETURN(auto options, AutoscalerOptionsFromConfig(config));
  JOBREC_ASSIGN_OR_RETURN(auto provisioner, ProvisionerFromConfig(config, config_path));
  return Autoscaler::Create(db, std::move(provisioner), std::move(options));
}

}  // namespace jobrec::tasks
