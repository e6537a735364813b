// Requests for tests that drive an api::Router in process (no HTTP server): a JSON body with
// its Content-Type, and the bearer session of a signed-in API client. Header-only, for tests
// that link jobrec::api.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/api/request.h"

namespace jobrec::testing {

// The address the tests' signed-in clients send from.
inline constexpr char kTestClientAddress[] = "192.0.2.1";

// A request with `headers` and `query`; `body` serialised, with its Content-Type after
// `headers`, unless it is null.
inline api::Request JsonRequest(const std::string& method, const std::string& path,
                                std::vector<std::pair<std::string, std::string>> headers,
                                const nlohmann::json& body = nullptr,
                                std::multimap<std::string, std::string> query = {}) {
  api::Request request{.method = method, .path = path, .headers = std::move(headers), .query = std::move(query)};
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.emplace_back("Content-Type", "application/json");
  }
  return request;
}

// As an API client with the bearer `token`, from kTestClientAddress.
inline api::Request BearerRequest(const std::string& token, const std::string& method, const std::string& path,
                                  std::multimap<std::string, std::string> query = {},
                                  const nlohmann::json& body = nullptr) {
  api::Request request = JsonRequest(method, path, {{"Authorization", "Bearer " + token}}, body, std::move(query));
  request.remote_addr = kTestClientAddress;
  return request;
}

}  // namespace jobrec::testing
