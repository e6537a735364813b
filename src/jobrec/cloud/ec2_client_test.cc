#include "jobrec/cloud/ec2_client.h"

#include <atomic>
#include <map>
#include <mutex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "jobrec/cloud/aws_error.h"
#include "jobrec/cloud/testing/aws_test_server.h"

namespace jobrec::cloud {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Form = std::map<std::string, std::string>;

const AwsCredentials kCredentials{.access_key_id = "AKIDTEST",
                                  .secret_access_key = "test/secret+key",
                                  .session_token = "session-token"};

Form ParseForm(const std::string& body) {
  Form form;
  const std::vector<std::string> pairs = absl::StrSplit(body, '&', absl::SkipEmpty());
  for (const std::string& pair : pairs) {
    const size_t equals = pair.find('=');
    auto decode = [](const std::string& text) {
      std::string out;
      for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
          out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
          i += 2;
        } else {
          out.push_back(text[i]);
        }
      }
      return out;
    };
    form[decode(pair.substr(0, equals))] = decode(pair.substr(equals + 1));
  }
  return form;
}

constexpr char kRunResponse[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8fa1d8b4-0c76-4b2a-9a34-4c55b5b8e0f1</requestId>
  <reservationId>r-0a1b2c3d4e5f67890</reservationId>
  <ownerId>123456789012</ownerId>
  <groupSet/>
  <instancesSet>
    <item>
      <instanceId>i-0598c7d356eba48d7</instanceId>
      <imageId>ami-0abcdef1234567890</imageId>
      <instanceState><code>0</code><name>pending</name></instanceState>
      <privateDnsName>ip-10-0-0-157.ec2.internal</privateDnsName>
      <dnsName/>
      <instanceType>c6i.large</instanceType>
      <launchTime>2024-06-11T09:00:00.000Z</launchTime>
      <privateIpAddress>10.0.0.157</privateIpAddress>
      <tagSet>
        <item><key>jobrec-role</key><value>worker</value></item>
      </tagSet>
    </item>
  </instancesSet>
</RunInstancesResponse>)";

std::string Ec2Error(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code +
         "</Code><Message>" + message +
         "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>"
         "</Response>";
}

std::string DescribePage(const std::vector<std::string>& ids, const std::string& next_token) {
  std::string xml =
      "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
      "<requestId>r</requestId><reservationSet>";
  for (const std::string& id : ids) {
    xml += "<item><reservationId>r-" + id + "</reservationId><ownerId>1</ownerId><groupSet/>"
           "<instancesSet><item><instanceId>" + id + "</instanceId>"
           "<imageId>ami-1</imageId><instanceState><code>16</code><name>running</name>"
           "</instanceState><instanceType>t3.small</instanceType>"
           "<launchTime>2024-06-11T09:00:00.000Z</launchTime>"
           "<privateIpAddress>10.0.0.9</privateIpAddress><ipAddress>198.51.100.9</ipAddress>"
           "<tagSet><item><key>Name</key><value>w-" + id + "</value></item>"
           "<item><key>jobrec-role</key><value>worker</value></item></tagSet>"
           "</item></instancesSet></item>";
  }
  xml += "</reservationSet>";
  if (!next_token.empty()) xml += "<nextToken>" + next_token + "</nextToken>";
  return xml + "</DescribeInstancesResponse>";
}

// An EC2 endpoint that checks every request's signature and hands each form to `respond`.
class FakeEc2 {
 public:
  using Responder = std::function<void(const Form&, httplib::Response&)>;
  explicit FakeEc2(Responder respond)
      : respond_(std::move(respond)), server_([this](httplib::Server& s) {
          s.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
            const Form form = ParseForm(req.body);
            {
              std::lock_guard lock(mu_);
              forms_.push_back(form);
              const std::string problem = testing::CheckSigV4(req, kCredentials, "us-east-1", "ec2");
              if (!problem.empty()) signature_problems_.push_back(problem);
              content_types_.push_back(req.get_header_value("Content-Type"));
            }
            respond_(form, res);
          });
        }) {}

  std::string Url() const { return server_.Url(); }
  std::vector<Form> forms() {
    std::lock_guard lock(mu_);
    return forms_;
  }
  std::vector<std::string> signature_problems() {
    std::lock_guard lock(mu_);
    return signature_problems_;
  }
  std::vector<std::string> content_types() {
    std::lock_guard lock(mu_);
    return content_types_;
  }

 private:
  Responder respond_;
  std::mutex mu_;
  std::vector<Form> forms_;
  std::vector<std::string> signature_problems_;
  std::vector<std::string> content_types_;
  testing::LocalHttpServer server_;  // last: stopped before the members its handler uses
};

class Ec2ClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<Ec2Client> Client(const FakeEc2& fake) {
    auto client = NewEc2Client({.region = "us-east-1",
                                .endpoint = fake.Url(),
                                .retry = {.max_attempts = 3, .backoff_base = 5ms}},
                               http_.get(), &credentials_);
    EXPECT_TRUE(client.ok()) << client.status();
    return std::move(client).value();
  }

  std::unique_ptr<common::HttpClient> http_ = common::NewCurlHttpClient();
  StaticCredentialsProvider credentials_{kCredentials};
};

TEST_F(Ec2ClientTest, RunInstanceSendsTheDocumentedParameters) {
  FakeEc2 fake([](const Form&, httplib::Response& res) { res.set_content(kRunResponse, "text/xml"); });
  const std::string user_data = "#!/bin/bash\njobrec worker --once 'a&b' é\n";
  auto instance = Client(fake)->RunInstance(
      {.launch_template_id = "lt-0abc",
       .launch_template_version = "7",
       .subnet_id = "subnet-1",
       .security_group_ids = {"sg-1", "sg-2"},
       .iam_instance_profile_name = "jobrec-worker",
       .user_data = user_data,
       .tags = {{"jobrec-role", "worker"}, {"jobrec-task", "embed batch #4 (a+b)"}},
       .client_token = "token-123"});
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(instance->instance_id, "i-0598c7d356eba48d7");
  EXPECT_EQ(instance->state, "pending");
  EXPECT_EQ(instance->instance_type, "c6i.large");
  EXPECT_EQ(instance->private_ip, "10.0.0.157");
  EXPECT_EQ(instance->Tag("jobrec-role"), "worker");

  EXPECT_THAT(fake.signature_problems(), ElementsAre());
  EXPECT_THAT(fake.content_types(),
              ElementsAre("application/x-www-form-urlencoded; charset=utf-8"));
  ASSERT_EQ(fake.forms().size(), 1u);
  const Form form = fake.forms()[0];
  std::string decoded_user_data;
  ASSERT_TRUE(absl::Base64Unescape(form.at("UserData"), &decoded_user_data));
  EXPECT_EQ(decoded_user_data, user_data);
  const Form expected = {
      {"Action", "RunInstances"},
      {"Version", "2016-11-15"},
      {"MinCount", "1"},
      {"MaxCount", "1"},
      {"InstanceInitiatedShutdownBehavior", "terminate"},
      {"ClientToken", "token-123"},
      {"LaunchTemplate.LaunchTemplateId", "lt-0abc"},
      {"LaunchTemplate.Version", "7"},
      {"SubnetId", "subnet-1"},
      {"SecurityGroupId.1", "sg-1"},
      {"SecurityGroupId.2", "sg-2"},
      {"IamInstanceProfile.Name", "jobrec-worker"},
      {"UserData", form.at("UserData")},
      {"TagSpecification.1.ResourceType", "instance"},
      {"TagSpecification.1.Tag.1.Key", "jobrec-role"},
      {"TagSpecification.1.Tag.1.Value", "worker"},
      {"TagSpecification.1.Tag.2.Key", "jobrec-task"},
      {"TagSpecification.1.Tag.2.Value", "embed batch #4 (a+b)"},
  };
  EXPECT_EQ(form, expected);
}

TEST_F(Ec2ClientTest, RunInstanceWithImageAndTypeGetsARandomClientToken) {
  FakeEc2 fake([](const Form&, httplib::Response& res) { res.set_content(kRunResponse, "text/xml"); });
  auto client = Client(fake);
  const RunInstanceSpec spec{.image_id = "ami-1", .instance_type = "t3.small",
                             .iam_instance_profile_arn = "arn:aws:iam::1:instance-profile/x"};
  ASSERT_TRUE(client->RunInstance(spec).ok());
  ASSERT_TRUE(client->RunInstance(spec).ok());
  const auto forms = fake.forms();
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].at("ImageId"), "ami-1");
  EXPECT_EQ(forms[0].at("InstanceType"), "t3.small");
  EXPECT_EQ(forms[0].at("IamInstanceProfile.Arn"), "arn:aws:iam::1:instance-profile/x");
  EXPECT_EQ(forms[0].count("LaunchTemplate.LaunchTemplateId"), 0u);
  EXPECT_EQ(forms[0].count("UserData"), 0u);
  EXPECT_EQ(forms[0].at("ClientToken").size(), 32u);
  EXPECT_NE(forms[0].at("ClientToken"), forms[1].at("ClientToken"));
}

TEST_F(Ec2ClientTest, RejectsBadSpecsWithoutSending) {
  FakeEc2 fake([](const Form&, httplib::Response& res) { res.set_content(kRunResponse, "text/xml"); });
  auto client = Client(fake);
  const std::vector<RunInstanceSpec> bad = {
      {},
      {.image_id = "ami-1"},
      {.launch_template_id = "lt-1", .iam_instance_profile_name = "a",
       .iam_instance_profile_arn = "b"},
      {.launch_template_id = "lt-1", .user_data = std::string(16 * 1024 + 1, 'x')},
      {.launch_template_id = "lt-1", .tags = {{"", "v"}}},
      {.launch_template_id = "lt-1", .tags = std::vector<Ec2Tag>(51, {"k", "v"})},
      {.launch_template_id = "lt-1", .client_token = std::string(65, 't')},
  };
  for (const RunInstanceSpec& spec : bad) {
    EXPECT_TRUE(absl::IsInvalidArgument(client->RunInstance(spec).status()));
  }
  EXPECT_TRUE(absl::IsInvalidArgument(client->TerminateInstances({}).status()));
  EXPECT_TRUE(fake.forms().empty());
}

TEST_F(Ec2ClientTest, RetriesThrottlingWithFreshSignatures) {
  std::atomic<int> calls = 0;
  FakeEc2 fake([&](const Form&, httplib::Response& res) {
    if (++calls <= 2) {
      res.status = 503;
      res.set_content(Ec2Error("RequestLimitExceeded", "Request limit exceeded."), "text/xml");
      return;
    }
    res.set_content(kRunResponse, "text/xml");
  });
  auto instance = Client(fake)->RunInstance({.launch_template_id = "lt-1"});
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(calls, 3);
  const auto forms = fake.forms();
  EXPECT_EQ(forms[0].at("ClientToken"), forms[2].at("ClientToken"));  // the same launch
  EXPECT_THAT(fake.signature_problems(), ElementsAre());
}

TEST_F(Ec2ClientTest, PersistentThrottlingIsUnavailableWithTheAwsCode) {
  std::atomic<int> calls = 0;
  FakeEc2 fake([&](const Form&, httplib::Response& res) {
    ++calls;
    res.status = 503;
    res.set_content(Ec2Error("RequestLimitExceeded", "Request limit exceeded."), "text/xml");
  });
  auto result = Client(fake)->DescribeInstances({});
  EXPECT_TRUE(absl::IsUnavailable(result.status())) << result.status();
  EXPECT_EQ(AwsErrorCode(result.status()), "RequestLimitExceeded");
  EXPECT_THAT(result.status().message(), HasSubstr("Request limit exceeded."));
  EXPECT_THAT(result.status().message(), HasSubstr("ea966190-f9aa-478e-9ede-example"));
  EXPECT_EQ(calls, 3);
}

TEST_F(Ec2ClientTest, ClientErrorsAreNotRetried) {
  std::atomic<int> calls = 0;
  std::string code = "InvalidParameterValue";
  FakeEc2 fake([&](const Form&, httplib::Response& res) {
    ++calls;
    res.status = code == "AuthFailure" ? 401 : 400;
    res.set_content(Ec2Error(code, "Value (lt-x) for parameter launchTemplate is invalid."),
                    "text/xml");
  });
  auto client = Client(fake);
  auto result = client->RunInstance({.launch_template_id = "lt-x"});
  EXPECT_TRUE(absl::IsInvalidArgument(result.status())) << result.status();
  EXPECT_EQ(AwsErrorCode(result.status()), "InvalidParameterValue");
  EXPECT_EQ(calls, 1);

  code = "AuthFailure";
  result = client->RunInstance({.launch_template_id = "lt-x"});
  EXPECT_TRUE(absl::IsPermissionDenied(result.status())) << result.status();
  EXPECT_EQ(calls, 2);
}

TEST_F(Ec2ClientTest, DescribeInstancesFollowsNextTokenWithTheSameFilters) {
  FakeEc2 fake([](const Form& form, httplib::Response& res) {
    if (form.count("NextToken") == 0) {
      res.set_content(DescribePage({"i-1", "i-2"}, "page-2"), "text/xml");
    } else if (form.at("NextToken") == "page-2") {
      res.set_content(DescribePage({"i-3"}, ""), "text/xml");
    } else {
      res.status = 400;
      res.set_content(Ec2Error("InvalidParameterValue", "bad token"), "text/xml");
    }
  });
  auto instances = Client(fake)->DescribeInstances(
      {{"tag:jobrec-role", {"worker"}}, {"instance-state-name", {"pending", "running"}}});
  ASSERT_TRUE(instances.ok()) << instances.status();
  ASSERT_EQ(instances->size(), 3u);
  EXPECT_EQ((*instances)[2].instance_id, "i-3");
  EXPECT_EQ((*instances)[2].state, "running");
  EXPECT_EQ((*instances)[2].public_ip, "198.51.100.9");
  EXPECT_EQ((*instances)[2].Tag("Name"), "w-i-3");
  EXPECT_EQ((*instances)[2].Tag("absent"), "");

  const auto forms = fake.forms();
  ASSERT_EQ(forms.size(), 2u);
  for (const Form& form : forms) {
    EXPECT_EQ(form.at("Action"), "DescribeInstances");
    EXPECT_EQ(form.at("Filter.1.Name"), "tag:jobrec-role");
    EXPECT_EQ(form.at("Filter.1.Value.1"), "worker");
    EXPECT_EQ(form.at("Filter.2.Name"), "instance-state-name");
    EXPECT_EQ(form.at("Filter.2.Value.1"), "pending");
    EXPECT_EQ(form.at("Filter.2.Value.2"), "running");
  }
  EXPECT_THAT(fake.signature_problems(), ElementsAre());
}

TEST_F(Ec2ClientTest, TerminateInstancesReportsStateChanges) {
  FakeEc2 fake([](const Form&, httplib::Response& res) {
    res.set_content(R"(<TerminateInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
  <instancesSet>
    <item><instanceId>i-1</instanceId>
      <currentState><code>32</code><name>shutting-down</name></currentState>
      <previousState><code>16</code><name>running</name></previousState></item>
    <item><instanceId>i-2</instanceId>
      <currentState><code>48</code><name>terminated</name></currentState>
      <previousState><code>48</code><name>terminated</name></previousState></item>
  </instancesSet>
</TerminateInstancesResponse>)", "text/xml");
  });
  auto changes = Client(fake)->TerminateInstances({"i-1", "i-2"});
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].instance_id, "i-1");
  EXPECT_EQ((*changes)[0].previous_state, "running");
  EXPECT_EQ((*changes)[0].current_state, "shutting-down");
  EXPECT_EQ((*changes)[1].current_state, "terminated");
  const Form form = fake.forms().at(0);
  EXPECT_EQ(form.at("Action"), "TerminateInstances");
  EXPECT_EQ(form.at("InstanceId.1"), "i-1");
  EXPECT_EQ(form.at("InstanceId.2"), "i-2");
}

TEST_F(Ec2ClientTest, UnexpectedAnswersAreInternal) {
  std::string body;
  FakeEc2 fake([&](const Form&, httplib::Response& res) { res.set_content(body, "text/xml"); });
  auto client = Client(fake);
  for (const std::string& answer :
       {std::string("not xml"), std::string("<DescribeInstancesResponse/>"),
        std::string("<RunInstancesResponse><instancesSet/></RunInstancesResponse>")}) {
    body = answer;
    EXPECT_TRUE(absl::IsInternal(client->RunInstance({.launch_template_id = "lt"}).status()))
        << answer;
  }
}

TEST(Ec2ClientOptionsTest, RejectsBadRegionOrEndpoint) {
  auto http = common::NewCurlHttpClient();
  StaticCredentialsProvider credentials(kCredentials);
  EXPECT_TRUE(NewEc2Client({.region = "us-east-1"}, http.get(), &credentials).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(NewEc2Client({}, http.get(), &credentials).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      NewEc2Client({.region = "us-east-1/../x"}, http.get(), &credentials).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      NewEc2Client({.region = "us-east-1", .endpoint = "ftp://x"}, http.get(), &credentials)
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      NewEc2Client({.region = "us-east-1", .endpoint = "https://x/path"}, http.get(),
                   &credentials)
          .status()));
}

}  // namespace
}  // namespace jobrec::cloud
