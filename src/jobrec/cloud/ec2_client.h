// Amazon EC2 through its Query API (Version 2016-11-15): launch one instance, list instances
// by filters, terminate instances. Requests are form-encoded POSTs signed with SigV4 for
// service "ec2"; responses are the documented XML (RunInstancesResponse,
// DescribeInstancesResponse, TerminateInstancesResponse, or <Response><Errors>).
//
// Errors follow aws_error.h (the AWS code stays in the status); throttling
// (RequestLimitExceeded) is retried with backoff by AwsTransport and comes out as Unavailable
// only after the last attempt. An answer that is not the documented XML is Internal.
//
// Thread-safety: safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobrec/cloud/aws_transport.h"
#include "jobrec/cloud/credentials.h"
#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct Ec2Tag {
  std::string key;
  std::string value;
};

// What to launch: a launch template, or an image and an instance type (which also override
// the template's when both are given). MinCount = MaxCount = 1; the instance terminates
// itself when it shuts down.
struct RunInstanceSpec {
  std::string launch_template_id;
  std::string launch_template_version;  // "" = the template's default version
  std::string image_id;
  std::string instance_type;
  std::string subnet_id;
  std::vector<std::string> security_group_ids;
  std::string iam_instance_profile_name;  // at most one of name and ARN
  std::string iam_instance_profile_arn;
  std::string user_data;     // raw (e.g. a cloud-init script), base64-encoded here; ≤ 16 KiB
  std::vector<Ec2Tag> tags;  // put on the instance at launch; ≤ 50
  // Makes a retried launch idempotent; a random token is used when empty.
  std::string client_token;
};

struct Ec2Instance {
  std::string instance_id;
  std::string state;  // pending | running | shutting-down | terminated | stopping | stopped
  std::string instance_type;
  std::string image_id;
  std::string private_ip;
  std::string public_ip;
  std::string launch_time;  // ISO 8601, as EC2 wrote it
  std::vector<Ec2Tag> tags;

  // The value of a tag, or "".
  std::string Tag(const std::string& key) const;
};

// A DescribeInstances filter, e.g. {"tag:jobrec-role", {"worker"}} or
// {"instance-state-name", {"pending", "running"}}.
struct Ec2Filter {
  std::string name;
  std::vector<std::string> values;
};

struct InstanceStateChange {
  std::string instance_id;
  std::string previous_state;
  std::string current_state;
};

struct Ec2ClientOptions {
  std::string region;    // required
  std::string endpoint;  // "" = https://ec2.REGION.amazonaws.com
  AwsRetryOptions retry;
};

class Ec2Client {
 public:
  virtual ~Ec2Client() = default;
  // Launches one instance and returns it as RunInstances described it (state "pending").
  // InvalidArgument for an incomplete or oversized spec, before anything is sent.
  virtual absl::StatusOr<Ec2Instance> RunInstance(const RunInstanceSpec& spec) = 0;
  // Every instance matching all filters, across all pages.
  virtual absl::StatusOr<std::vector<Ec2Instance>> DescribeInstances(
      const std::vector<Ec2Filter>& filters) = 0;
  // InvalidArgument for an empty list.
  virtual absl::StatusOr<std::vector<InstanceStateChange>> TerminateInstances(
      const std::vector<std::string>& instance_ids) = 0;
};

// `http` and `credentials` must outlive the client. InvalidArgument for a missing region or an
// endpoint that is not an http(s) URL.
absl::StatusOr<std::unique_ptr<Ec2Client>> NewEc2Client(Ec2ClientOptions options,
                                                        common::HttpClient* http,
                                                        CredentialsProvider* credentials);

}  // namespace jobrec::cloud
