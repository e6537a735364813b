// `jobrec dns update` as a process, against a fake IMDSv2 and a fake Route 53 on 127.0.0.1.
// Needs no database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/cloud/testing/fake_imds.h"
#include "jobrec/cloud/testing/fake_route53.h"
#include "jobrec/cloud/xml.h"
#include "tests/support/child_process.h"

namespace jobrec::cloud {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const AwsCredentials kEnvCredentials{.access_key_id = "AKIDENV", .secret_access_key = "env-secret"};
const AwsCredentials kRoleCredentials{.access_key_id = "ASIAROLE",
                                      .secret_access_key = "role-secret",
                                      .session_token = "role-token"};

std::string RecordValue(const std::string& body) {
  auto root = ParseXml(body);
  const XmlElement* value = root.ok() ? root->Find("Value") : nullptr;
  return value == nullptr ? "" : value->text;
}

class DnsCommandTest : public ::testing::Test {
 protected:
  // The fake Route 53 accepts signatures made with `expected` only.
  explicit DnsCommandTest(const AwsCredentials& expected = kEnvCredentials)
      : route53_(expected, [](const httplib::Request&, httplib::Response& res) {
          res.set_content(testing::kChangeResponse, "text/xml");
        }) {}

  // The child's whole environment (RunJobrec passes nothing else but PATH and HOME).
  std::vector<std::string> Env(bool with_keys = true, std::string route53_url = "") {
    if (route53_url.empty()) route53_url = route53_.Url();
    std::vector<std::string> env = {"JOBREC_CLOUD_ROUTE53_ENDPOINT=" + route53_url,
                                    "JOBREC_CLOUD_IMDS_ENDPOINT=" + imds_.Url(),
                                    "JOBREC_LOG_FORMAT=json"};
    if (with_keys) {
      env.push_back("AWS_ACCESS_KEY_ID=" + kEnvCredentials.access_key_id);
      env.push_back("AWS_SECRET_ACCESS_KEY=" + kEnvCredentials.secret_access_key);
    }
    return env;
  }
  std::vector<std::string> Update(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"dns", "update", "--zone", testing::kFakeZoneId, "--name",
                                     "api.jobrec.example"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  testing::FakeImds imds_;
  testing::FakeRoute53 route53_;
};

TEST_F(DnsCommandTest, UpsertsTheGivenAddress) {
  auto result = jobrec::testing::RunJobrec(Update({"--ip", "198.51.100.20"}), Env());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("change /change/C2682N5HXP0BZ4 PENDING"));
  EXPECT_THAT(route53_.problems(), ElementsAre(""));
  ASSERT_EQ(route53_.bodies().size(), 1u);
  EXPECT_EQ(RecordValue(route53_.bodies()[0]), "198.51.100.20");
  EXPECT_EQ(imds_.token_requests, 0);  // neither the address nor the keys came from IMDS
}

TEST_F(DnsCommandTest, ReadsThePublicAddressThroughImdsV2) {
  imds_.Set("public-ipv4", "203.0.113.44");
  auto result = jobrec::testing::RunJobrec(Update(), Env());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  ASSERT_EQ(route53_.bodies().size(), 1u);
  EXPECT_EQ(RecordValue(route53_.bodies()[0]), "203.0.113.44");
  EXPECT_EQ(imds_.token_requests, 1);
  EXPECT_EQ(imds_.unauthorized, 0);
}

class DnsCommandRoleTest : public DnsCommandTest {
 protected:
  DnsCommandRoleTest() : DnsCommandTest(kRoleCredentials) {}
};

TEST_F(DnsCommandRoleTest, SignsWithTheInstanceRole) {
  imds_.Set("public-ipv4", "203.0.113.45");
  imds_.Set("iam/security-credentials/", "jobrec-web\n");
  imds_.Set("iam/security-credentials/jobrec-web",
            R"({"Code":"Success","AccessKeyId":"ASIAROLE","SecretAccessKey":"role-secret",)"
            R"("Token":"role-token","Expiration":"2099-01-01T00:00:00Z"})");
  auto result = jobrec::testing::RunJobrec(Update(), Env(/*with_keys=*/false));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(route53_.problems(), ElementsAre(""));
}

TEST_F(DnsCommandTest, FailsWithoutAPublicAddress) {
  auto result = jobrec::testing::RunJobrec(Update(), Env());
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("no public IPv4"));
  EXPECT_TRUE(route53_.bodies().empty());
}

TEST_F(DnsCommandTest, BadInputIsAUsageError) {
  auto bad_ip = jobrec::testing::RunJobrec(Update({"--ip", "not-an-ip"}), Env());
  EXPECT_EQ(bad_ip.exit_code, 2) << bad_ip.output;
  EXPECT_THAT(bad_ip.output, HasSubstr("not an IPv4 address"));

  auto bad_endpoint = jobrec::testing::RunJobrec(Update({"--ip", "192.0.2.1"}),
                                                 Env(true, "route53.amazonaws.com"));
  EXPECT_EQ(bad_endpoint.exit_code, 2) << bad_endpoint.output;
  EXPECT_THAT(bad_endpoint.output, HasSubstr("cloud.route53_endpoint"));
  EXPECT_TRUE(route53_.bodies().empty());
}

TEST_F(DnsCommandTest, RejectedChangeFails) {
  testing::FakeRoute53 refusing(kEnvCredentials, [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(
        "<ErrorResponse><Error><Code>NoSuchHostedZone</Code><Message>No hosted zone found"
        "</Message></Error><RequestId>x</RequestId></ErrorResponse>",
        "text/xml");
  });
  auto result =
      jobrec::testing::RunJobrec(Update({"--ip", "192.0.2.1"}), Env(true, refusing.Url()));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("NoSuchHostedZone"));
}

}  // namespace
}  // namespace jobrec::cloud
