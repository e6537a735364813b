#include "jobrec/cloud/xml.h"

#include <gtest/gtest.h>

#include "jobrec/cloud/aws_error.h"

namespace jobrec::cloud {
namespace {

TEST(XmlTest, DropsNamespacesAndKeepsTextAndCdata) {
  auto root = ParseXml(R"(<?xml version="1.0"?>
<a:Root xmlns:a="urn:x" xmlns="urn:y"><Item>one</Item><Item><![CDATA[<two>]]></Item>
<Nested><Deep>3 &amp; 4</Deep></Nested></a:Root>)");
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(root->name, "Root");
  ASSERT_EQ(root->Children("Item").size(), 2u);
  EXPECT_EQ(root->Children("Item")[1]->text, "<two>");
  EXPECT_EQ(root->ChildText("Item"), "one");
  EXPECT_EQ(root->ChildText("Missing"), "");
  EXPECT_EQ(root->Child("Missing"), nullptr);
  ASSERT_NE(root->Find("Deep"), nullptr);
  EXPECT_EQ(root->Find("Deep")->text, "3 & 4");
}

TEST(XmlTest, RejectsMalformedAndDeepDocuments) {
  for (const std::string bad : {"", "plain text", "<a><b></a>", "<a>&undefined;</a>"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseXml(bad).status())) << bad;
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<x>";
  for (int i = 0; i < 100; ++i) deep += "</x>";
  EXPECT_TRUE(absl::IsInvalidArgument(ParseXml(deep).status()));
}

TEST(XmlTest, DoesNotExpandExternalEntities) {
  auto root = ParseXml(R"(<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]><r>&secret;</r>)");
  if (root.ok()) {
    EXPECT_EQ(root->text.find("root:"), std::string::npos);
  }
}

TEST(XmlTest, Escapes) {
  EXPECT_EQ(XmlEscape(R"(a<b>&"c'd)"), "a&lt;b&gt;&amp;&quot;c&apos;d");
  auto root = ParseXml("<v>" + XmlEscape("x</v><evil/>") + "</v>");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->text, "x</v><evil/>");
  EXPECT_TRUE(root->children.empty());
}

TEST(AwsErrorTest, ParsesEc2AndRestShapes) {
  AwsError ec2 = ParseAwsError(
      503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit "
           "exceeded.</Message></Error></Errors><RequestID>id-1</RequestID></Response>");
  EXPECT_EQ(ec2.code, "RequestLimitExceeded");
  EXPECT_EQ(ec2.message, "Request limit exceeded.");
  EXPECT_EQ(ec2.request_id, "id-1");

  AwsError rest = ParseAwsError(
      400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate "
           "exceeded</Message></Error><RequestId>id-2</RequestId></ErrorResponse>");
  EXPECT_EQ(rest.code, "Throttling");
  EXPECT_EQ(rest.request_id, "id-2");

  AwsError html = ParseAwsError(502, "<html>Bad Gateway</html>");
  EXPECT_EQ(html.code, "html");  // a root-named error, like Route 53's InvalidChangeBatch
  AwsError text = ParseAwsError(500, "upstream exploded");
  EXPECT_EQ(text.code, "");
  EXPECT_EQ(text.message, "upstream exploded");
}

TEST(AwsErrorTest, MapsCodesToStatuses) {
  auto code_of = [](int http, const std::string& code) {
    return AwsErrorToStatus("ec2", {.http_status = http, .code = code}).code();
  };
  EXPECT_EQ(code_of(503, "RequestLimitExceeded"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(code_of(400, "Throttling"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(code_of(400, "PriorRequestNotComplete"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(code_of(500, "InternalError"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(code_of(401, "AuthFailure"), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(code_of(403, "SignatureDoesNotMatch"), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(code_of(400, "InvalidInstanceID.NotFound"), absl::StatusCode::kNotFound);
  EXPECT_EQ(code_of(404, "NoSuchHostedZone"), absl::StatusCode::kNotFound);
  EXPECT_EQ(code_of(400, "InsufficientInstanceCapacity"), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(code_of(400, "InvalidParameterValue"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(400, "MissingParameter"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(400, "IncorrectState"), absl::StatusCode::kFailedPrecondition);

  absl::Status status = AwsErrorToStatus(
      "route53", {.http_status = 400, .code = "Throttling", .message = "slow", .request_id = "r"});
  EXPECT_EQ(AwsErrorCode(status), "Throttling");
  EXPECT_EQ(status.message(), "route53 Throttling: slow (HTTP 400, request id r)");
  EXPECT_EQ(AwsErrorCode(absl::UnavailableError("x")), "");
}

}  // namespace
}  // namespace jobrec::cloud
