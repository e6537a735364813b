// Test support (not part of the library): a stateful EC2 Query API endpoint on 127.0.0.1 for the
// EC2 provisioner's tests. It keeps instances in memory: RunInstances adds one (pending, then
// running on the next DescribeInstances), DescribeInstances applies tag:<key> and
// instance-state-name filters, TerminateInstances moves instances to terminated. Answers are the
// documented XML; every request's SigV4 signature is checked (cloud/testing/aws_test_server.h).
//
// Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "jobrec/cloud/testing/aws_test_server.h"
#include "jobrec/cloud/credentials.h"

namespace jobrec::tasks::testing {

inline const cloud::AwsCredentials kFakeEc2Credentials{
    .access_key_id = "AKIDFAKEEC2", .secret_access_key = "fake/secret", .session_token = "fake-session"};
inline constexpr char kFakeEc2Region[] = "us-east-1";

class FakeEc2 {
 public:
  using Form = std::map<std::string, std::string>;
  struct Instance {
    std::string id;
    std::string state;  // pending | running | shutting-down | terminated
    std::map<std::string, std::string> tags;
    Form launch;        // the RunInstances form it came from (empty when seeded)
  };

  FakeEc2();
  std::string Url() const { return server_.Url(); }

  // An instance that exists before the test (launched by a previous leader, another cluster...).
  void Seed(const std::string& id, const std::string& state, const std::map<std::string, std::string>& tags);
  // While set, DescribeInstances leaves out instances launched since (eventual consistency).
  void HideNewInstances(bool hide);
  // After `skip` more successful calls of `action`, the next `count` answer this EC2 error code
  // with HTTP `status`.
  void FailNext(const std::string& action, const std::string& code, int status, int count = 1, int skip = 0);

  std::vector<Instance> Instances();
  std::vector<Form> Requests(const std::string& action);
  std::vector<std::string> SignatureProblems();

 private:
  std::string Handle(const Form& form, int& status);
  std::string RunInstances(const Form& form);
  std::string DescribeInstances(const Form& form);
  std::string TerminateInstances(const Form& form);

  std::mutex mutex_;
  std::vector<Instance> instances_;
  std::vector<Form> requests_;
  std::vector<std::string> signature_problems_;
  struct Failure {
    std::string code;
    int status;
    int count;
    int skip;
  };
  std::map<std::string, Failure> failures_;
  bool hide_new_ = false;
  std::vector<std::string> hidden_;
  int next_id_ = 1;
  cloud::testing::LocalHttpServer server_;  // last: stopped before the members its handler uses
};

}  // namespace jobrec::tasks::testing
