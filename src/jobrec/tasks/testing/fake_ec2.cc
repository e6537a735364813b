#include "jobrec/tasks/testing/fake_ec2.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace jobrec::tasks::testing {
namespace {

constexpr char kXmlns[] = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

std::string Decode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

FakeEc2::Form ParseForm(const std::string& body) {
  FakeEc2::Form form;
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    form[Decode(kv.first)] = Decode(kv.second);
  }
  return form;
}

// "Prefix.1", "Prefix.2", ... values of a form.
std::vector<std::string> Numbered(const FakeEc2::Form& form, const std::string& prefix, const std::string& suffix = "") {
  std::vector<std::string> values;
  for (int i = 1;; ++i) {
    auto it = form.find(absl::StrCat(prefix, ".", i, suffix));
    if (it == form.end()) return values;
    values.push_back(it->second);
  }
}

std::string InstanceXml(const FakeEc2::Instance& instance) {
  std::string tags;
  for (const auto& [key, value] : instance.tags) {
    absl::StrAppend(&tags, "<item><key>", key, "</key><value>", value, "</value></item>");
  }
  return absl::StrCat("<item><instanceId>", instance.id, "</instanceId><imageId>ami-fake</imageId>",
                      "<instanceState><code>0</code><name>", instance.state, "</name></instanceState>",
                      "<instanceType>t3.small</instanceType><launchTime>2024-06-11T09:00:00.000Z</launchTime>",
                      "<privateIpAddress>10.0.0.1</privateIpAddress><tagSet>", tags, "</tagSet></item>");
}

}  // namespace

FakeEc2::FakeEc2()
    : server_([this](httplib::Server& server) {
        server.Post("/", [this](const httplib::Request& request, httplib::Response& response) {
          const std::string problem =
              cloud::testing::CheckSigV4(request, kFakeEc2Credentials, kFakeEc2Region, "ec2");
          int status = 200;
          std::string body;
          {
            std::lock_guard lock(mutex_);
            if (!problem.empty()) signature_problems_.push_back(problem);
            body = Handle(ParseForm(request.body), status);
          }
          response.status = status;
          response.set_content(body, "text/xml;charset=UTF-8");
        });
      }) {}

void FakeEc2::Seed(const std::string& id, const std::string& state, const std::map<std::string, std::string>& tags) {
  std::lock_guard lock(mutex_);
  instances_.push_back({.id = id, .state = state, .tags = tags});
}

void FakeEc2::HideNewInstances(bool hide) {
  std::lock_guard lock(mutex_);
  hide_new_ = hide;
  if (!hide) hidden_.clear();
}

void FakeEc2::FailNext(const std::string& action, const std::string& code, int status, int count, int skip) {
  std::lock_guard lock(mutex_);
  failures_[action] = {code, status, count, skip};
}

std::vector<FakeEc2::Instance> FakeEc2::Instances() {
  std::lock_guard lock(mutex_);
  return instances_;
}

std::vector<FakeEc2::Form> FakeEc2::Requests(const std::string& action) {
  std::lock_guard lock(mutex_);
  std::vector<Form> out;
  for (const auto& form : requests_) {
    if (form.count("Action") && form.at("Action") == action) out.push_back(form);
  }
  return out;
}

std::vector<std::string> FakeEc2::SignatureProblems() {
  std::lock_guard lock(mutex_);
  return signature_problems_;
}

std::string FakeEc2::Handle(const Form& form, int& status) {
  requests_.push_back(form);
  const std::string action = form.count("Action") ? form.at("Action") : "";
  auto failure = failures_.find(action);
  if (failure != failures_.end() && failure->second.skip > 0) {
    --failure->second.skip;
  } else if (failure != failures_.end() && failure->second.count > 0) {
    --failure->second.count;
    status = failure->second.status;
    return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>",
                        failure->second.code, "</Code><Message>injected by the fake</Message></Error></Errors>",
                        "<RequestID>fake</RequestID></Response>");
  }
  if (action == "RunInstances") return RunInstances(form);
  if (action == "DescribeInstances") return DescribeInstances(form);
  if (action == "TerminateInstances") return TerminateInstances(form);
  status = 400;
  return "<Response><Errors><Error><Code>InvalidAction</Code><Message>unknown action</Message></Error></Errors></Response>";
}

std::string FakeEc2::RunInstances(const Form& form) {
  Instance instance{.id = absl::StrFormat("i-%017x", next_id_++), .state = "pending", .launch = form};
  const auto keys = Numbered(form, "TagSpecification.1.Tag", ".Key");
  const auto values = Numbered(form, "TagSpecification.1.Tag", ".Value");
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) instance.tags[keys[i]] = values[i];
  instances_.push_back(instance);
  if (hide_new_) hidden_.push_back(instance.id);
  return absl::StrCat("<RunInstancesResponse ", kXmlns, "><requestId>fake</requestId><reservationId>r-1</reservationId>",
                      "<ownerId>1</ownerId><groupSet/><instancesSet>", InstanceXml(instance),
                      "</instancesSet></RunInstancesResponse>");
}

std::string FakeEc2::DescribeInstances(const Form& form) {
  std::map<std::string, std::set<std::string>> filters;
  const auto names = Numbered(form, "Filter", ".Name");
  for (size_t i = 0; i < names.size(); ++i) {
    const auto values = Numbered(form, absl::StrCat("Filter.", i + 1, ".Value"));
    filters[names[i]].insert(values.begin(), values.end());
  }
  std::string items;
  for (auto& instance : instances_) {
    if (std::find(hidden_.begin(), hidden_.end(), instance.id) != hidden_.end()) continue;
    bool match = true;
    for (const auto& [name, values] : filters) {
      std::string actual;
      if (name == "instance-state-name") {
        actual = instance.state;
      } else if (absl::StartsWith(name, "tag:")) {
        auto tag = instance.tags.find(name.substr(4));
        if (tag == instance.tags.end()) {
          match = false;
          break;
        }
        actual = tag->second;
      } else {
        continue;  // other filters are not modelled
      }
      match = match && values.count(actual) > 0;
    }
    if (match) absl::StrAppend(&items, "<item><reservationId>r-1</reservationId><ownerId>1</ownerId><groupSet/>",
                               "<instancesSet>", InstanceXml(instance), "</instancesSet></item>");
    // What EC2 does in the background: a pending instance runs by the next look.
    if (instance.state == "pending") instance.state = "running";
  }
  return absl::StrCat("<DescribeInstancesResponse ", kXmlns, "><requestId>fake</requestId><reservationSet>", items,
                      "</reservationSet></DescribeInstancesResponse>");
}

std::string FakeEc2::TerminateInstances(const Form& form) {
  std::string items;
  for (const auto& id : Numbered(form, "InstanceId")) {
    auto it = std::find_if(instances_.begin(), instances_.end(), [&](const Instance& i) { return i.id == id; });
    if (it == instances_.end()) continue;
    std::string previous = it->state;
    it->state = "terminated";
    absl::StrAppend(&items, "<item><instanceId>", id, "</instanceId><previousState><code>16</code><name>", previous,
                    "</name></previousState><currentState><code>32</code><name>shutting-down</name></currentState>",
                    "</item>");
  }
  return absl::StrCat("<TerminateInstancesResponse ", kXmlns, "><requestId>fake</requestId><instancesSet>", items,
                      "</instancesSet></TerminateInstancesResponse>");
}

}  // namespace jobrec::tasks::testing
