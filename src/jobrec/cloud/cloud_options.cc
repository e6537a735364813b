#include "jobrec/cloud/cloud_options.h"

#include "absl/strings/str_cat.h"
#include "jobrec/cloud/aws_transport.h"
#include "jobrec/cloud/credentials.h"

namespace jobrec::cloud {

std::vector<common::ConfigKey> CloudConfigKeys() {
  return {
      {.name = "cloud.region",
       .help = "AWS region; empty: AWS_REGION, AWS_DEFAULT_REGION, else the instance's own"},
      {.name = "cloud.ec2_endpoint",
       .help = "EC2 API endpoint; empty: https://ec2.REGION.amazonaws.com"},
      {.name = "cloud.route53_endpoint",
       .default_value = "https://route53.amazonaws.com",
       .help = "Route 53 API endpoint"},
      {.name = "cloud.imds_endpoint",
       .default_value = "http://169.254.169.254",
       .help = "EC2 instance metadata service (IMDSv2) endpoint"},
  };
}

absl::StatusOr<CloudOptions> CloudOptionsFromConfig(const common::Config& config) {
  CloudOptions options{.region = config.GetString("cloud.region"),
                       .ec2_endpoint = config.GetString("cloud.ec2_endpoint"),
                       .route53_endpoint = config.GetString("cloud.route53_endpoint"),
                       .imds_endpoint = config.GetString("cloud.imds_endpoint")};
  auto check = [](const char* key, std::string& value) -> absl::Status {
    absl::StatusOr<std::string> endpoint = NormalizeEndpoint(value);
    if (!endpoint.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(key, ": ", endpoint.status().message()));
    }
    value = *endpoint;
    return absl::OkStatus();
  };
  if (!options.ec2_endpoint.empty()) {
    JOBREC_RETURN_IF_ERROR(check("cloud.ec2_endpoint", options.ec2_endpoint));
  }
  JOBREC_RETURN_IF_ERROR(check("cloud.route53_endpoint", options.route53_endpoint));
  JOBREC_RETURN_IF_ERROR(check("cloud.imds_endpoint", options.imds_endpoint));
  return options;
}

absl::StatusOr<std::string> ResolveRegion(const CloudOptions& options,
                                          const std::vector<std::string>& environ,
                                          InstanceMetadata& metadata) {
  if (!options.region.empty()) return options.region;
  if (std::string region = RegionFromEnvironment(environ); !region.empty()) return region;
  absl::StatusOr<std::string> region = metadata.Region();
  if (!region.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no AWS region: set cloud.region or AWS_REGION (instance metadata: ",
        region.status().message(), ")"));
  }
  return region;
}

}  // namespace jobrec::cloud
