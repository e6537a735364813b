#include "jobrec/cloud/cloud_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/cloud/testing/fake_imds.h"

namespace jobrec::cloud {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<CloudOptions> Load(const std::vector<std::string>& environ) {
  auto config = common::Config::Load(CloudConfigKeys(), std::nullopt, environ);
  if (!config.ok()) return config.status();
  return CloudOptionsFromConfig(*config);
}

TEST(CloudOptionsTest, DefaultsAndOverrides) {
  auto defaults = Load({});
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->region, "");
  EXPECT_EQ(defaults->ec2_endpoint, "");
  EXPECT_EQ(defaults->route53_endpoint, "https://route53.amazonaws.com");
  EXPECT_EQ(defaults->imds_endpoint, "http://169.254.169.254");

  auto set = Load({"JOBREC_CLOUD_REGION=eu-west-3", "JOBREC_CLOUD_EC2_ENDPOINT=http://127.0.0.1:9/",
                   "JOBREC_CLOUD_IMDS_ENDPOINT=http://127.0.0.1:8"});
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->region, "eu-west-3");
  EXPECT_EQ(set->ec2_endpoint, "http://127.0.0.1:9");
  EXPECT_EQ(set->imds_endpoint, "http://127.0.0.1:8");
}

TEST(CloudOptionsTest, BadEndpointsNameTheirKey) {
  for (const auto& [assignment, key] :
       std::vector<std::pair<std::string, std::string>>{
           {"JOBREC_CLOUD_EC2_ENDPOINT=ec2.amazonaws.com", "cloud.ec2_endpoint"},
           {"JOBREC_CLOUD_ROUTE53_ENDPOINT=https://route53.amazonaws.com/x", "cloud.route53_endpoint"},
           {"JOBREC_CLOUD_ROUTE53_ENDPOINT=", "cloud.route53_endpoint"},
           {"JOBREC_CLOUD_IMDS_ENDPOINT=ftp://169.254.169.254", "cloud.imds_endpoint"}}) {
    auto options = Load({assignment});
    EXPECT_TRUE(absl::IsInvalidArgument(options.status())) << assignment;
    EXPECT_THAT(options.status().message(), HasSubstr(key));
  }
}

TEST(ResolveRegionTest, ConfigThenEnvironmentThenInstance) {
  testing::FakeImds imds;
  imds.Set("placement/region", "ap-south-1");
  auto http = common::NewCurlHttpClient();
  InstanceMetadata metadata(http.get(), {.endpoint = imds.Url()});
  EXPECT_EQ(*ResolveRegion({.region = "eu-west-3"}, {"AWS_REGION=us-west-2"}, metadata),
            "eu-west-3");
  EXPECT_EQ(*ResolveRegion({}, {"AWS_REGION=us-west-2"}, metadata), "us-west-2");
  EXPECT_EQ(*ResolveRegion({}, {}, metadata), "ap-south-1");
  imds.Remove("placement/region");
  EXPECT_TRUE(absl::IsFailedPrecondition(ResolveRegion({}, {}, metadata).status()));
}

}  // namespace
}  // namespace jobrec::cloud
