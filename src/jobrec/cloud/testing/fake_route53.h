// Test support for the cloud tests (not part of the library): a Route 53 look-alike on
// 127.0.0.1 serving hosted zone Z0123456789ABC's rrset endpoint. It records every request body
// and the outcome of checking its SigV4 signature against `credentials`, then lets the test's
// responder answer.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "jobrec/cloud/testing/aws_test_server.h"

namespace jobrec::cloud::testing {

inline constexpr char kFakeZoneId[] = "Z0123456789ABC";

inline constexpr char kChangeResponse[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
   <ChangeInfo>
      <Comment>jobrec dns update</Comment>
      <Id>/change/C2682N5HXP0BZ4</Id>
      <Status>PENDING</Status>
      <SubmittedAt>2024-06-11T09:00:00.000Z</SubmittedAt>
   </ChangeInfo>
</ChangeResourceRecordSetsResponse>)";

class FakeRoute53 {
 public:
  using Responder = std::function<void(const httplib::Request&, httplib::Response&)>;

  FakeRoute53(AwsCredentials credentials, Responder respond)
      : credentials_(std::move(credentials)),
        respond_(std::move(respond)),
        server_([this](httplib::Server& s) {
          s.Post(std::string("/2013-04-01/hostedzone/") + kFakeZoneId + "/rrset/",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   {
                     std::lock_guard lock(mu_);
                     bodies_.push_back(req.body);
                     problems_.push_back(CheckSigV4(req, credentials_, "us-east-1", "route53"));
                   }
                   respond_(req, res);
                 });
        }) {}

  std::string Url() const { return server_.Url(); }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }
  // One entry per request: "" when its signature checked out, else what was wrong.
  std::vector<std::string> problems() {
    std::lock_guard lock(mu_);
    return problems_;
  }

 private:
  const AwsCredentials credentials_;
  Responder respond_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::vector<std::string> problems_;
  LocalHttpServer server_;  // last: stopped before the members its handler uses
};

}  // namespace jobrec::cloud::testing
