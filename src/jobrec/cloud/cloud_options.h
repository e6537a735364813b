// Configuration of the AWS clients (keys cloud.*) and the region they work in.
#pragma once

#include <string>
#include <vector>

#include "jobrec/cloud/instance_metadata.h"
#include "jobrec/common/config.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct CloudOptions {
  std::string region;            // "" = AWS_REGION / AWS_DEFAULT_REGION, else the instance's
  std::string ec2_endpoint;      // "" = https://ec2.REGION.amazonaws.com
  std::string route53_endpoint;  // https://route53.amazonaws.com
  std::string imds_endpoint;     // http://169.254.169.254
};

// cloud.region, cloud.ec2_endpoint, cloud.route53_endpoint, cloud.imds_endpoint.
std::vector<common::ConfigKey> CloudConfigKeys();

// The options from a loaded config. InvalidArgument naming the key for an endpoint that is not
// an http(s) URL without a path.
absl::StatusOr<CloudOptions> CloudOptionsFromConfig(const common::Config& config);

// The region to work in: the configured one, else AWS_REGION / AWS_DEFAULT_REGION from
// `environ`, else the instance's own (through `metadata`). FailedPrecondition when none of
// them answers.
absl::StatusOr<std::string> ResolveRegion(const CloudOptions& options,
                                          const std::vector<std::string>& environ,
                                          InstanceMetadata& metadata);

}  // namespace jobrec::cloud
