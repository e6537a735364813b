// Test support for the cloud tests (not part of the library): an IMDSv2 look-alike on
// 127.0.0.1. Like the real service it hands out session tokens on PUT /latest/api/token (which
// must carry X-aws-ec2-metadata-token-ttl-seconds) and answers 401 to any GET without a token
// it issued.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "jobrec/cloud/testing/aws_test_server.h"

namespace jobrec::cloud::testing {

class FakeImds {
 public:
  FakeImds()
      : server_([this](httplib::Server& server) {
          server.Put("/latest/api/token", [this](const httplib::Request& req,
                                                 httplib::Response& res) {
            ++token_requests;
            std::lock_guard lock(mu_);
            last_ttl_header_ = req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds");
            if (last_ttl_header_.empty()) {
              res.status = 400;
              return;
            }
            const std::string token = "token-" + std::to_string(token_requests.load());
            tokens_.insert(token);
            res.set_content(token, "text/plain");
          });
          server.Get(R"(/latest/meta-data/(.*))", [this](const httplib::Request& req,
                                                         httplib::Response& res) {
            std::lock_guard lock(mu_);
            if (tokens_.count(req.get_header_value("X-aws-ec2-metadata-token")) == 0) {
              ++unauthorized;
              res.status = 401;
              return;
            }
            const std::string path = req.matches[1];
            ++gets_[path];
            auto item = items_.find(path);
            if (item == items_.end()) {
              res.status = 404;
              return;
            }
            res.set_content(item->second, "text/plain");
          });
        }) {}

  std::string Url() const { return server_.Url(); }

  void Set(const std::string& path, const std::string& body) {
    std::lock_guard lock(mu_);
    items_[path] = body;
  }
  void Remove(const std::string& path) {
    std::lock_guard lock(mu_);
    items_.erase(path);
  }
  // Forgets every token issued, as IMDS does when it restarts.
  void RevokeTokens() {
    std::lock_guard lock(mu_);
    tokens_.clear();
  }
  int Gets(const std::string& path) {
    std::lock_guard lock(mu_);
    return gets_[path];
  }

  std::string LastTtlHeader() {
    std::lock_guard lock(mu_);
    return last_ttl_header_;
  }

  std::atomic<int> token_requests = 0;
  std::atomic<int> unauthorized = 0;

 private:
  std::mutex mu_;
  std::set<std::string> tokens_;
  std::map<std::string, std::string> items_;
  std::map<std::string, int> gets_;
  std::string last_ttl_header_;
  LocalHttpServer server_;  // last: stopped first, before the state its handlers use
};

}  // namespace jobrec::cloud::testing
