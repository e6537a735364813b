#include "jobrec/cloud/ec2_client.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/cloud/sigv4.h"
#include "jobrec/cloud/xml.h"

namespace jobrec::cloud {
namespace {

constexpr char kApiVersion[] = "2016-11-15";
constexpr size_t kMaxUserDataBytes = 16 * 1024;
constexpr size_t kMaxTags = 50;
constexpr int kMaxPages = 100;  // 100 000 instances: far beyond any fleet of ours

using Params = std::vector<std::pair<std::string, std::string>>;

std::string FormEncode(const Params& params) {
  return absl::StrJoin(params, "&", [](std::string* out, const auto& param) {
    absl::StrAppend(out, AwsUriEncode(param.first, false), "=", AwsUriEncode(param.second, false));
  });
}

std::string RandomClientToken() {
  std::random_device device;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string token;
  for (int i = 0; i < 32; ++i) token.push_back("0123456789abcdef"[nibble(device)]);
  return token;
}

absl::Status ValidateSpec(const RunInstanceSpec& spec) {
  if (spec.launch_template_id.empty() && (spec.image_id.empty() || spec.instance_type.empty())) {
    return absl::InvalidArgumentError(
        "RunInstances needs a launch template id, or an image id and an instance type");
  }
  if (!spec.iam_instance_profile_name.empty() && !spec.iam_instance_profile_arn.empty()) {
    return absl::InvalidArgumentError("give the instance profile's name or its ARN, not both");
  }
  if (spec.user_data.size() > kMaxUserDataBytes) {
    return absl::InvalidArgumentError(absl::StrCat("user data is ", spec.user_data.size(),
                                                   " bytes; EC2 takes at most 16 KiB"));
  }
  if (spec.tags.size() > kMaxTags) {
    return absl::InvalidArgumentError("EC2 takes at most 50 tags per instance");
  }
  for (const Ec2Tag& tag : spec.tags) {
    if (tag.key.empty() || tag.key.size() > 128 || tag.value.size() > 256) {
      return absl::InvalidArgumentError(absl::StrCat("bad tag \"", tag.key,
                                                     "\": keys 1-128 and values 0-256 chars"));
    }
  }
  if (spec.client_token.size() > 64) {
    return absl::InvalidArgumentError("client token longer than 64 characters");
  }
  return absl::OkStatus();
}

Params RunInstancesParams(const RunInstanceSpec& spec) {
  Params params = {{"Action", "RunInstances"}, {"Version", kApiVersion},
                   {"MinCount", "1"},          {"MaxCount", "1"},
                   {"InstanceInitiatedShutdownBehavior", "terminate"},
                   {"ClientToken", spec.client_token.empty() ? RandomClientToken()
                                                             : spec.client_token}};
  auto add_if = [&params](const std::string& name, const std::string& value) {
    if (!value.empty()) params.emplace_back(name, value);
  };
  add_if("LaunchTemplate.LaunchTemplateId", spec.launch_template_id);
  if (!spec.launch_template_id.empty()) {
    add_if("LaunchTemplate.Version", spec.launch_template_version);
  }
  add_if("ImageId", spec.image_id);
  add_if("InstanceType", spec.instance_type);
  add_if("SubnetId", spec.subnet_id);
  for (size_t i = 0; i < spec.security_group_ids.size(); ++i) {
    params.emplace_back(absl::StrCat("SecurityGroupId.", i + 1), spec.security_group_ids[i]);
  }
  add_if("IamInstanceProfile.Name", spec.iam_instance_profile_name);
  add_if("IamInstanceProfile.Arn", spec.iam_instance_profile_arn);
  if (!spec.user_data.empty()) params.emplace_back("UserData", absl::Base64Escape(spec.user_data));
  if (!spec.tags.empty()) {
    params.emplace_back("TagSpecification.1.ResourceType", "instance");
    for (size_t i = 0; i < spec.tags.size(); ++i) {
      const std::string prefix = absl::StrCat("TagSpecification.1.Tag.", i + 1);
      params.emplace_back(prefix + ".Key", spec.tags[i].key);
      params.emplace_back(prefix + ".Value", spec.tags[i].value);
    }
  }
  return params;
}

Ec2Instance ParseInstance(const XmlElement& item) {
  Ec2Instance instance{.instance_id = item.ChildText("instanceId"),
                       .instance_type = item.ChildText("instanceType"),
                       .image_id = item.ChildText("imageId"),
                       .private_ip = item.ChildText("privateIpAddress"),
                       .public_ip = item.ChildText("ipAddress"),
                       .launch_time = item.ChildText("launchTime")};
  if (const XmlElement* state = item.Child("instanceState")) {
    instance.state = state->ChildText("name");
  }
  if (const XmlElement* tags = item.Child("tagSet")) {
    for (const XmlElement* tag : tags->Children("item")) {
      instance.tags.push_back({tag->ChildText("key"), tag->ChildText("value")});
    }
  }
  return instance;
}

// Parses `body` and checks that its root is `expected_root`.
absl::StatusOr<XmlElement> ParseResponse(const std::string& body,
                                         const std::string& expected_root) {
  absl::StatusOr<XmlElement> root = ParseXml(body);
  if (!root.ok()) {
    return absl::InternalError(
        absl::StrCat("ec2 ", expected_root, " is not XML: ", root.status().message()));
  }
  if (root->name != expected_root) {
    return absl::InternalError(
        absl::StrCat("ec2 answered <", root->name, "> where <", expected_root, "> was expected"));
  }
  return root;
}

absl::StatusOr<std::vector<const XmlElement*>> InstanceItems(const XmlElement& parent,
                                                             const std::string& what) {
  const XmlElement* set = parent.Child("instancesSet");
  if (set == nullptr) return absl::InternalError(absl::StrCat("ec2 ", what, " has no instancesSet"));
  return set->Children("item");
}

class QueryEc2Client final : public Ec2Client {
 public:
  QueryEc2Client(std::string endpoint, common::HttpClient* http, CredentialsProvider* credentials,
                 const Ec2ClientOptions& options)
      : endpoint_(std::move(endpoint)),
        transport_(http, credentials, options.region, "ec2", options.retry) {}

  absl::StatusOr<Ec2Instance> RunInstance(const RunInstanceSpec& spec) override {
    JOBREC_RETURN_IF_ERROR(ValidateSpec(spec));
    JOBREC_ASSIGN_OR_RETURN(XmlElement root, Call(RunInstancesParams(spec), "RunInstancesResponse"));
    JOBREC_ASSIGN_OR_RETURN(auto items, InstanceItems(root, "RunInstancesResponse"));
    if (items.size() != 1) {
      return absl::InternalError(
          absl::StrCat("ec2 RunInstances returned ", items.size(), " instances, not 1"));
    }
    return ParseInstance(*items.front());
  }

  absl::StatusOr<std::vector<Ec2Instance>> DescribeInstances(
      const std::vector<Ec2Filter>& filters) override {
    std::vector<Ec2Instance> instances;
    std::string next_token;
    for (int page = 0; page < kMaxPages; ++page) {
      Params params = {{"Action", "DescribeInstances"}, {"Version", kApiVersion},
                       {"MaxResults", "1000"}};
      for (size_t i = 0; i < filters.size(); ++i) {
        const std::string prefix = absl::StrCat("Filter.", i + 1);
        params.emplace_back(prefix + ".Name", filters[i].name);
        for (size_t j = 0; j < filters[i].values.size(); ++j) {
          params.emplace_back(absl::StrCat(prefix, ".Value.", j + 1), filters[i].values[j]);
        }
      }
      if (!next_token.empty()) params.emplace_back("NextToken", next_token);
      JOBREC_ASSIGN_OR_RETURN(XmlElement root, Call(params, "DescribeInstancesResponse"));
      if (const XmlElement* reservations = root.Child("reservationSet")) {
        for (const XmlElement* reservation : reservations->Children("item")) {
          JOBREC_ASSIGN_OR_RETURN(auto items, InstanceItems(*reservation, "reservation"));
          for (const XmlElement* item : items) instances.push_back(ParseInstance(*item));
        }
      }
      next_token = root.ChildText("nextToken");
      if (next_token.empty()) return instances;
    }
    return absl::InternalError("ec2 DescribeInstances kept returning a nextToken");
  }

  absl::StatusOr<std::vector<InstanceStateChange>> TerminateInstances(
      const std::vector<std::string>& instance_ids) override {
    if (instance_ids.empty()) return absl::InvalidArgumentError("no instance ids to terminate");
    Params params = {{"Action", "TerminateInstances"}, {"Version", kApiVersion}};
    for (size_t i = 0; i < instance_ids.size(); ++i) {
      params.emplace_back(absl::StrCat("InstanceId.", i + 1), instance_ids[i]);
    }
    JOBREC_ASSIGN_OR_RETURN(XmlElement root, Call(params, "TerminateInstancesResponse"));
    JOBREC_ASSIGN_OR_RETURN(auto items, InstanceItems(root, "TerminateInstancesResponse"));
    std::vector<InstanceStateChange> changes;
    for (const XmlElement* item : items) {
      InstanceStateChange change{.instance_id = item->ChildText("instanceId")};
      if (const XmlElement* state = item->Child("previousState")) {
        change.previous_state = state->ChildText("name");
      }
      if (const XmlElement* state = item->Child("currentState")) {
        change.current_state = state->ChildText("name");
      }
      changes.push_back(std::move(change));
    }
    return changes;
  }

 private:
  absl::StatusOr<XmlElement> Call(const Params& params, const std::string& expected_root) {
    JOBREC_ASSIGN_OR_RETURN(
        common::HttpResponse response,
        transport_.Send({.method = "POST",
                         .url = endpoint_ + "/",
                         .headers = {{"Content-Type",
                                      "application/x-www-form-urlencoded; charset=utf-8"}},
                         .body = FormEncode(params)}));
    return ParseResponse(response.body, expected_root);
  }

  const std::string endpoint_;
  AwsTransport transport_;
};

}  // namespace

std::string Ec2Instance::Tag(const std::string& key) const {
  for (const Ec2Tag& tag : tags) {
    if (tag.key == key) return tag.value;
  }
  return "";
}

absl::StatusOr<std::unique_ptr<Ec2Client>> NewEc2Client(Ec2ClientOptions options,
                                                        common::HttpClient* http,
                                                        CredentialsProvider* credentials) {
  const bool region_ok =
      !options.region.empty() &&
      std::all_of(options.region.begin(), options.region.end(),
                  [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; });
  if (!region_ok) {
    return absl::InvalidArgumentError(absl::StrCat("bad AWS region \"", options.region, "\""));
  }
  if (options.endpoint.empty()) {
    options.endpoint = absl::StrCat("https://ec2.", options.region, ".amazonaws.com");
  }
  JOBREC_ASSIGN_OR_RETURN(std::string endpoint, NormalizeEndpoint(options.endpoint));
  return std::make_unique<QueryEc2Client>(std::move(endpoint), http, credentials, options);
}

}  // namespace jobrec::cloud
