// Workers as EC2 instances. Start launches instances (RunInstances, through cloud::Ec2Client)
// from a launch template or an image + instance type, in subnets taken in turn, with the worker
// instance profile, tagged jobrec:cluster=<cluster> and jobrec:role=worker, terminating on
// shutdown, with user data rendered from deploy/ec2/user-data.sh.tmpl (ec2_user_data.h).
// Reconcile lists the instances carrying both tags (DescribeInstances), so an autoscaler that
// restarts, or another replica that takes over, adopts what is running and counts nothing
// twice. Stop terminates an instance (the worker drains while the OS shuts down; a task cut
// short is run again when its lease expires).
//
// DescribeInstances is eventually consistent: an instance launched here that it does not show
// yet still counts for launch_grace, and one terminated here that it still shows as running
// counts as stopping.
//
// Thread-safe (a mutex around the view; calls to EC2 are made outside it).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "jobrec/cloud/cloud_options.h"
#include "jobrec/cloud/credentials.h"
#include "jobrec/cloud/ec2_client.h"
#include "jobrec/cloud/instance_metadata.h"
#include "jobrec/common/config.h"
#include "jobrec/common/http_client.h"
#include "jobrec/tasks/ec2_user_data.h"
#include "jobrec/tasks/provisioner.h"

namespace jobrec::tasks {

inline constexpr char kClusterTag[] = "jobrec:cluster";
inline constexpr char kRoleTag[] = "jobrec:role";
inline constexpr char kWorkerRole[] = "worker";

// An EC2 client together with what it points into, owned as one.
struct Ec2Api {
  std::unique_ptr<common::HttpClient> http;
  std::unique_ptr<cloud::InstanceMetadata> metadata;
  std::unique_ptr<cloud::CredentialsProvider> credentials;
  std::unique_ptr<cloud::Ec2Client> client;  // last: destroyed first
};

// From the cloud.* options: the region (configured, AWS_REGION, else the instance's own), the
// endpoint, and credentials (AWS_ACCESS_KEY_ID..., else the instance role). Errors of
// cloud::ResolveRegion, NewDefaultCredentialsProvider and NewEc2Client.
absl::StatusOr<Ec2Api> ConnectEc2(const cloud::CloudOptions& options);

struct Ec2ProvisionerOptions {
  std::string cluster = "jobrec";
  // What to launch (launch template and/or image, instance type, security groups, instance
  // profile). Its subnet_id, user_data, tags and client_token are set per launch.
  cloud::RunInstanceSpec launch;
  std::vector<std::string> subnet_ids;  // taken in turn; empty: the template's (or the default VPC)
  std::string user_data;                // rendered (RenderEc2UserData)
  std::chrono::milliseconds launch_grace{120'000};
};

// autoscaler.ec2_cluster, autoscaler.ec2_launch_template_id, autoscaler.ec2_launch_template_version,
// autoscaler.ec2_image_id, autoscaler.ec2_instance_type, autoscaler.ec2_subnet_ids,
// autoscaler.ec2_security_group_ids, autoscaler.ec2_instance_profile,
// autoscaler.ec2_ssm_parameters, autoscaler.ec2_worker_idle_exit, autoscaler.ec2_worker_concurrency,
// autoscaler.ec2_user_data_template.
std::vector<common::ConfigKey> Ec2ProvisionerConfigKeys();

// The options (user data rendered) from a loaded config. InvalidArgument naming the key when
// neither a launch template nor an image + instance type + instance profile is given, for a bad
// SSM parameter list or cluster name; NotFound for a user data template file that is missing.
absl::StatusOr<Ec2ProvisionerOptions> Ec2ProvisionerOptionsFromConfig(const common::Config& config);

class Ec2Provisioner : public Provisioner {
 public:
  // InvalidArgument for a null client, an empty cluster, or options that cannot launch
  // anything (no launch template and no image + instance type).
  static absl::StatusOr<std::unique_ptr<Ec2Provisioner>> Create(Ec2Api api, Ec2ProvisionerOptions options);

  std::string name() const override { return "ec2"; }
  absl::StatusOr<std::vector<ProvisionedWorker>> List() override;
  // One RunInstances per worker. Errors as cloud::Ec2Client's (PermissionDenied,
  // ResourceExhausted for capacity, ...) when not even one launched.
  absl::StatusOr<std::vector<ProvisionedWorker>> Start(int n) override;
  // TerminateInstances. NotFound for an instance that is not one of this cluster's workers.
  absl::Status Stop(const std::string& id) override;
  // DescribeInstances by the two tags, states pending and running.
  absl::Status Reconcile() override;

 private:
  struct Instance {
    ProvisionedWorker worker;
    std::chrono::steady_clock::time_point launched_here;  // epoch: adopted, not launched here
    bool terminating = false;
  };

  Ec2Provisioner(Ec2Api api, Ec2ProvisionerOptions options) : api_(std::move(api)), options_(std::move(options)) {}
  static ProvisionedWorker Describe(const cloud::Ec2Instance& instance);

  Ec2Api api_;
  const Ec2ProvisionerOptions options_;
  std::mutex mutex_;
  std::map<std::string, Instance> instances_;  // by instance id
  size_t next_subnet_ = 0;
};

}  // namespace jobrec::tasks
