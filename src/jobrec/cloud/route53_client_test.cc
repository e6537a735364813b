#include "jobrec/cloud/route53_client.h"

#include <atomic>
#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/cloud/aws_error.h"
#include "jobrec/cloud/testing/fake_route53.h"
#include "jobrec/cloud/xml.h"

namespace jobrec::cloud {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::FakeRoute53;
using testing::kChangeResponse;

const AwsCredentials kCredentials{.access_key_id = "AKIDR53", .secret_access_key = "r53-secret"};

std::string ErrorResponse(const std::string& code, const std::string& message) {
  return R"(<?xml version="1.0"?>
<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>)" +
         code + "</Code><Message>" + message +
         "</Message></Error><RequestId>a1b2c3d4-5678-90ab-cdef-EXAMPLE</RequestId></ErrorResponse>";
}

class Route53ClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<Route53Client> Client(const FakeRoute53& fake) {
    auto client = NewRoute53Client(
        {.endpoint = fake.Url(), .retry = {.max_attempts = 3, .backoff_base = 5ms}}, http_.get(),
        &credentials_);
    EXPECT_TRUE(client.ok()) << client.status();
    return std::move(client).value();
  }
  std::unique_ptr<common::HttpClient> http_ = common::NewCurlHttpClient();
  StaticCredentialsProvider credentials_{kCredentials};
};

TEST_F(Route53ClientTest, UpsertsAnARecord) {
  FakeRoute53 fake(kCredentials, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kChangeResponse, "text/xml");
  });
  auto change = Client(fake)->UpsertARecord("/hostedzone/Z0123456789ABC", "api.jobrec.example.",
                                            "203.0.113.7");
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->id, "/change/C2682N5HXP0BZ4");
  EXPECT_EQ(change->status, "PENDING");
  EXPECT_EQ(change->submitted_at, "2024-06-11T09:00:00.000Z");

  ASSERT_EQ(fake.problems().size(), 1u);
  EXPECT_EQ(fake.problems()[0], "");
  const std::string body = fake.bodies()[0];
  EXPECT_THAT(body, HasSubstr("xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\""));
  auto root = ParseXml(body);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(root->name, "ChangeResourceRecordSetsRequest");
  const XmlElement* change_element = root->Find("Change");
  ASSERT_NE(change_element, nullptr);
  EXPECT_EQ(change_element->ChildText("Action"), "UPSERT");
  const XmlElement* set = change_element->Child("ResourceRecordSet");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->ChildText("Name"), "api.jobrec.example.");
  EXPECT_EQ(set->ChildText("Type"), "A");
  EXPECT_EQ(set->ChildText("TTL"), "60");
  EXPECT_EQ(set->Find("Value")->text, "203.0.113.7");
}

TEST_F(Route53ClientTest, RetriesThrottling) {
  std::atomic<int> calls = 0;
  FakeRoute53 fake(kCredentials, [&](const httplib::Request&, httplib::Response& res) {
    if (++calls <= 2) {
      res.status = 400;
      res.set_content(ErrorResponse("Throttling", "Rate exceeded"), "text/xml");
      return;
    }
    res.set_content(kChangeResponse, "text/xml");
  });
  auto change = Client(fake)->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1");
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(calls, 3);
  for (const std::string& problem : fake.problems()) EXPECT_EQ(problem, "");
}

TEST_F(Route53ClientTest, PersistentThrottlingIsUnavailable) {
  FakeRoute53 fake(kCredentials, [](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(ErrorResponse("Throttling", "Rate exceeded"), "text/xml");
  });
  auto change = Client(fake)->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1");
  EXPECT_TRUE(absl::IsUnavailable(change.status())) << change.status();
  EXPECT_EQ(AwsErrorCode(change.status()), "Throttling");
  EXPECT_EQ(fake.bodies().size(), 3u);
}

TEST_F(Route53ClientTest, MapsErrors) {
  std::string status_body;
  int status = 400;
  FakeRoute53 fake(kCredentials, [&](const httplib::Request&, httplib::Response& res) {
    res.status = status;
    res.set_content(status_body, "text/xml");
  });
  auto client = Client(fake);

  status_body = ErrorResponse("InvalidChangeBatch", "RRSet of type A with DNS name a.example. is not permitted");
  auto change = client->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1");
  EXPECT_TRUE(absl::IsInvalidArgument(change.status())) << change.status();
  EXPECT_EQ(AwsErrorCode(change.status()), "InvalidChangeBatch");
  EXPECT_THAT(change.status().message(), HasSubstr("is not permitted"));

  // The shape Route 53 also uses for InvalidChangeBatch: the root names the error.
  status_body = R"(<?xml version="1.0"?>
<InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages><Message>first problem</Message><Message>second problem</Message></Messages><RequestId>b2</RequestId></InvalidChangeBatch>)";
  change = client->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1");
  EXPECT_TRUE(absl::IsInvalidArgument(change.status())) << change.status();
  EXPECT_EQ(AwsErrorCode(change.status()), "InvalidChangeBatch");
  EXPECT_THAT(change.status().message(), HasSubstr("first problem; second problem"));

  status = 404;
  status_body = ErrorResponse("NoSuchHostedZone", "No hosted zone found with ID: Z0123456789ABC");
  change = client->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1");
  EXPECT_TRUE(absl::IsNotFound(change.status())) << change.status();
  EXPECT_EQ(fake.bodies().size(), 3u);  // none of these is retried

  status = 200;
  status_body = "<ChangeResourceRecordSetsResponse/>";
  EXPECT_TRUE(absl::IsInternal(
      client->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1").status()));
}

TEST_F(Route53ClientTest, RejectsBadInputWithoutSending) {
  FakeRoute53 fake(kCredentials, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kChangeResponse, "text/xml");
  });
  auto client = Client(fake);
  EXPECT_TRUE(absl::IsInvalidArgument(client->UpsertARecord("", "a.example", "192.0.2.1").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      client->UpsertARecord("Z01/../x", "a.example", "192.0.2.1").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      client->UpsertARecord("Z0123456789ABC", "", "192.0.2.1").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      client->UpsertARecord("Z0123456789ABC", "a<b>.example", "192.0.2.1").status()));
  for (const std::string ip : {"", "256.1.1.1", "2001:db8::1", "192.0.2.1; rm"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(
        client->UpsertARecord("Z0123456789ABC", "a.example", ip).status()))
        << ip;
  }
  EXPECT_TRUE(absl::IsInvalidArgument(
      client->UpsertARecord("Z0123456789ABC", "a.example", "192.0.2.1", -1).status()));
  EXPECT_TRUE(fake.bodies().empty());
}

}  // namespace
}  // namespace jobrec::cloud
