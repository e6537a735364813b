#include "jobrec/tasks/ec2_provisioner.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "jobrec/common/log.h"

namespace jobrec::tasks {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    items.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return items;
}

absl::Status BadKey(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("config key '", key, "': ", message));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("config key 'autoscaler.ec2_user_data_template': cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<Ec2Api> ConnectEc2(const cloud::CloudOptions& options) {
  Ec2Api api;
  api.http = common::NewCurlHttpClient();
  cloud::InstanceMetadataOptions metadata_options;
  metadata_options.endpoint = options.imds_endpoint;
  api.metadata = std::make_unique<cloud::InstanceMetadata>(api.http.get(), metadata_options);
  const std::vector<std::string> environ = cloud::ProcessEnvironment();
  JOBREC_ASSIGN_OR_RETURN(std::string region, cloud::ResolveRegion(options, environ, *api.metadata));
  JOBREC_ASSIGN_OR_RETURN(api.credentials, cloud::NewDefaultCredentialsProvider(environ, api.metadata.get()));
  JOBREC_ASSIGN_OR_RETURN(api.client, cloud::NewEc2Client({.region = region, .endpoint = options.ec2_endpoint},
                                                          api.http.get(), api.credentials.get()));
  return api;
}

std::vector<common::ConfigKey> Ec2ProvisionerConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "autoscaler.ec2_cluster", .default_value = "jobrec",
       .help = "provider ec2: value of the jobrec:cluster tag on the workers launched and adopted"},
      {.name = "autoscaler.ec2_launch_template_id",
       .help = "provider ec2: launch template (lt-...) to launch workers from; else image + type + profile"},
      {.name = "autoscaler.ec2_launch_template_version",
       .help = "provider ec2: launch template version (empty: its default version)"},
      {.name = "autoscaler.ec2_image_id", .help = "provider ec2: AMI with jobrec installed (overrides the template's)"},
      {.name = "autoscaler.ec2_instance_type", .help = "provider ec2: instance type, e.g. c6i.large"},
      {.name = "autoscaler.ec2_subnet_ids", .help = "provider ec2: comma-separated subnets, used in turn"},
      {.name = "autoscaler.ec2_security_group_ids", .help = "provider ec2: comma-separated security groups"},
      {.name = "autoscaler.ec2_instance_profile",
       .help = "provider ec2: the workers' instance profile (name, or ARN); its role reads the SSM parameters"},
      {.name = "autoscaler.ec2_ssm_parameters",
       .help = "provider ec2: ENV_NAME=/ssm/parameter pairs, comma-separated, that a worker reads at boot with its "
               "role, e.g. JOBREC_DATABASE_URL=/jobrec/prod/database-url (names only: never put secrets here)"},
      {.name = "autoscaler.ec2_worker_idle_exit", .type = ConfigType::kDuration, .default_value = "10m",
       .help = "provider ec2: an instance whose worker ran nothing for this long powers off (and terminates)",
       .min = 1, .max = 7 * 86400},
      {.name = "autoscaler.ec2_worker_concurrency", .type = ConfigType::kInt, .default_value = "4",
       .help = "provider ec2: tasks one instance runs at once", .min = 1, .max = 256},
      {.name = "autoscaler.ec2_user_data_template",
       .help = "provider ec2: user data template file (empty: deploy/ec2/user-data.sh.tmpl as built in)"},
  };
}

absl::StatusOr<Ec2ProvisionerOptions> Ec2ProvisionerOptionsFromConfig(const common::Config& config) {
  Ec2ProvisionerOptions options;
  options.cluster = config.GetString("autoscaler.ec2_cluster");
  auto& launch = options.launch;
  launch.launch_template_id = config.GetString("autoscaler.ec2_launch_template_id");
  launch.launch_template_version = config.GetString("autoscaler.ec2_launch_template_version");
  launch.image_id = config.GetString("autoscaler.ec2_image_id");
  launch.instance_type = config.GetString("autoscaler.ec2_instance_type");
  launch.security_group_ids = SplitList(config.GetString("autoscaler.ec2_security_group_ids"));
  const std::string& profile = config.GetString("autoscaler.ec2_instance_profile");
  (absl::StartsWith(profile, "arn:") ? launch.iam_instance_profile_arn : launch.iam_instance_profile_name) = profile;
  options.subnet_ids = SplitList(config.GetString("autoscaler.ec2_subnet_ids"));
  if (launch.launch_template_id.empty()) {
    for (const char* key : {"autoscaler.ec2_image_id", "autoscaler.ec2_instance_type", "autoscaler.ec2_instance_profile"}) {
      if (config.GetString(key).empty()) {
        return BadKey(key, "is required with autoscaler.provider = ec2 unless autoscaler.ec2_launch_template_id is set");
      }
    }
  }
  JOBREC_ASSIGN_OR_RETURN(auto ssm, ParseSsmParameters(config.GetString("autoscaler.ec2_ssm_parameters")));
  std::string template_text = BuiltinEc2UserDataTemplate();
  if (const std::string& path = config.GetString("autoscaler.ec2_user_data_template"); !path.empty()) {
    JOBREC_ASSIGN_OR_RETURN(template_text, ReadFile(path));
  }
  JOBREC_ASSIGN_OR_RETURN(options.user_data,
                          RenderEc2UserData(template_text,
                                            {.cluster = options.cluster,
                                             .ssm_parameters = std::move(ssm),
                                             .idle_exit = config.GetDuration("autoscaler.ec2_worker_idle_exit"),
                                             .concurrency = static_cast<int>(config.GetInt("autoscaler.ec2_worker_concurrency"))}));
  return options;
}

absl::StatusOr<std::unique_ptr<Ec2Provisioner>> Ec2Provisioner::Create(Ec2Api api, Ec2ProvisionerOptions options) {
  if (api.client == nullptr) return absl::InvalidArgumentError("the EC2 provisioner needs an EC2 client");
  if (options.cluster.empty()) return BadKey("autoscaler.ec2_cluster", "must not be empty");
  if (options.launch.launch_template_id.empty() &&
      (options.launch.image_id.empty() || options.launch.instance_type.empty())) {
    return absl::InvalidArgumentError("the EC2 provisioner needs a launch template, or an image and an instance type");
  }
  return std::unique_ptr<Ec2Provisioner>(new Ec2Provisioner(std::move(api), std::move(options)));
}

ProvisionedWorker Ec2Provisioner::Describe(const cloud::Ec2Instance& instance) {
  ProvisionedWorker worker{.id = instance.instance_id,
                           .provider = "ec2",
                           .phase = instance.state == "running" ? ProvisionedWorker::Phase::kRunning
                                                                : ProvisionedWorker::Phase::kStarting,
                           .started_at = std::chrono::system_clock::now()};
  absl::Time launched;
  std::string error;
  if (absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", instance.launch_time, &launched, &error)) {
    worker.started_at = absl::ToChronoTime(launched);
  }
  return worker;
}

absl::StatusOr<std::vector<ProvisionedWorker>> Ec2Provisioner::List() {
  std::lock_guard lock(mutex_);
  std::vector<ProvisionedWorker> workers;
  for (const auto& [id, instance] : instances_) workers.push_back(instance.worker);
  return workers;
}

absl::StatusOr<std::vector<ProvisionedWorker>> Ec2Provisioner::Start(int n) {
  if (n < 1) return absl::InvalidArgumentError(absl::StrCat("cannot start ", n, " workers"));
  std::vector<ProvisionedWorker> started;
  for (int i = 0; i < n; ++i) {
    cloud::RunInstanceSpec spec = options_.launch;
    {
      std::lock_guard lock(mutex_);
      if (!options_.subnet_ids.empty()) spec.subnet_id = options_.subnet_ids[next_subnet_++ % options_.subnet_ids.size()];
    }
    spec.user_data = options_.user_data;
    spec.tags = {{kClusterTag, options_.cluster}, {kRoleTag, kWorkerRole}, {"Name", options_.cluster + "-worker"}};
    auto instance = api_.client->RunInstance(spec);
    if (!instance.ok()) {
      if (started.empty()) return instance.status();
      log::Error("tasks.ec2_launch_failed", {{"error", instance.status().ToString()}, {"started", started.size()}});
      break;
    }
    ProvisionedWorker worker = Describe(*instance);
    log::Info("tasks.ec2_worker_launched", {{"instance_id", worker.id}, {"subnet", spec.subnet_id}});
    std::lock_guard lock(mutex_);
    instances_[worker.id] = {.worker = worker, .launched_here = Clock::now()};
    started.push_back(std::move(worker));
  }
  return started;
}

absl::Status Ec2Provisioner::Stop(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    auto it = instances_.find(id);
    if (it == instances_.end()) {
      return absl::NotFoundError(absl::StrCat("no EC2 worker ", id, " in cluster ", options_.cluster));
    }
    if (it->second.terminating) return absl::OkStatus();
  }
  JOBREC_RETURN_IF_ERROR(api_.client->TerminateInstances({id}).status());
  log::Info("tasks.ec2_worker_terminating", {{"instance_id", id}});
  std::lock_guard lock(mutex_);
  if (auto it = instances_.find(id); it != instances_.end()) {
    it->second.terminating = true;
    it->second.worker.phase = ProvisionedWorker::Phase::kStopping;
  }
  return absl::OkStatus();
}

absl::Status Ec2Provisioner::Reconcile() {
  auto described = api_.client->DescribeInstances({{absl::StrCat("tag:", kClusterTag), {options_.cluster}},
                                                   {absl::StrCat("tag:", kRoleTag), {kWorkerRole}},
                                                   {"instance-state-name", {"pending", "running"}}});
  if (!described.ok()) return described.status();
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  std::map<std::string, Instance> next;
  for (const auto& instance : *described) {
    auto known = instances_.find(instance.instance_id);
    Instance entry{.worker = Describe(instance)};
    if (known != instances_.end()) {
      entry.launched_here = known->second.launched_here;
      entry.terminating = known->second.terminating;
      if (entry.terminating) entry.worker.phase = ProvisionedWorker::Phase::kStopping;
    } else {
      log::Info("tasks.ec2_worker_adopted", {{"instance_id", instance.instance_id}, {"state", instance.state}});
    }
    next[instance.instance_id] = std::move(entry);
  }
  // Launched here moments ago but not listed yet: still ours, still counted.
  for (auto& [id, instance] : instances_) {
    if (next.count(id) == 0 && !instance.terminating && instance.launched_here != Clock::time_point{} &&
        now - instance.launched_here < options_.launch_grace) {
      next[id] = instance;
    }
  }
  instances_ = std::move(next);
  return absl::OkStatus();
}

}  // namespace jobrec::tasks
