// Test support for the cloud tests (not part of the library): a cpp-httplib server on
// 127.0.0.1 with an ephemeral port, and a check of the SigV4 signature of a request it got.
#pragma once

#include <functional>
#include <string>
#include <thread>

#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "jobrec/cloud/credentials.h"
#include "jobrec/cloud/sigv4.h"

namespace jobrec::cloud::testing {

class LocalHttpServer {
 public:
  explicit LocalHttpServer(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    // One request per connection, so that stop() need not wait out idle keep-alives.
    server_.set_keep_alive_max_count(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::jthread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // stop() needs a running loop
  }
  ~LocalHttpServer() { server_.stop(); }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::jthread thread_;
};

// "" when `received` carries the SigV4 Authorization that `credentials` give for it in
// `region`/`service`, recomputed from the request as it arrived (its method, target, signed
// headers and body) and its own X-Amz-Date; otherwise what is wrong.
inline std::string CheckSigV4(const httplib::Request& received, const AwsCredentials& credentials,
                              const std::string& region, const std::string& service) {
  const std::string authorization = received.get_header_value("Authorization");
  const size_t list_start = authorization.find("SignedHeaders=");
  const size_t list_end = authorization.find(',', list_start);
  if (list_start == std::string::npos || list_end == std::string::npos) {
    return "no SigV4 Authorization header: " + authorization;
  }
  if (received.get_header_value("X-Amz-Security-Token") != credentials.session_token) {
    return "wrong or missing X-Amz-Security-Token";
  }
  auto time = ParseAmzDate(received.get_header_value("X-Amz-Date"));
  if (!time.ok()) return std::string(time.status().message());

  common::HttpRequest request{
      .method = received.method,
      .url = "http://" + received.get_header_value("Host") + received.target,
      .body = received.body};
  const std::string list = authorization.substr(list_start + 14, list_end - list_start - 14);
  const std::vector<std::string> names = absl::StrSplit(list, ';');
  for (const std::string& name : names) {
    const size_t count = received.get_header_value_count(name);
    if (count == 0) return "signed header " + name + " did not arrive";
    for (size_t i = 0; i < count; ++i) {
      request.headers.emplace_back(name, received.get_header_value(name, i));
    }
  }
  auto parts = SignRequest(request, credentials,
                           {.region = region, .service = service, .time = *time});
  if (!parts.ok()) return std::string(parts.status().message());
  if (parts->authorization != authorization) {
    return "signature mismatch:\n received: " + authorization +
           "\n expected: " + parts->authorization + "\n canonical request:\n" +
           parts->canonical_request;
  }
  return "";
}

}  // namespace jobrec::cloud::testing
