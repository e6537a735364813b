// What a handler answers: status, headers, body and cookies, independent of the HTTP library.
// Build one with Response::Json / Text / Empty; the server adds X-Request-Id,
// X-Content-Type-Options and (unless the handler set one) Cache-Control: no-store.
//
// Thread-safety: a plain value.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace jobrec::api {

enum class SameSite { kLax, kStrict, kNone };

struct Cookie {
  std::string name;   // an HTTP token (letters, digits, !#$%&'*+-.^_`|~)
  std::string value;  // cookie-octets only: no spaces, quotes, commas, semicolons or backslashes
  std::string path = "/";
  std::optional<std::chrono::seconds> max_age;  // unset: a session cookie; 0 deletes it
  bool http_only = true;
  std::optional<bool> secure;  // unset: the server's server.cookie_secure
  SameSite same_site = SameSite::kLax;

  // A cookie that tells the browser to delete `name` (empty value, Max-Age=0).
  static Cookie Expired(std::string name, std::string path = "/");
};

// The Set-Cookie header value; InvalidArgument naming the problem for a bad name or value.
absl::StatusOr<std::string> FormatSetCookie(const Cookie& cookie, bool default_secure);

struct Response {
  int status = 200;
  std::string content_type;  // empty when there is no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<Cookie> cookies;

  static Response Json(const nlohmann::json& body, int status = 200);
  static Response Text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  static Response Empty(int status = 204);

  Response& SetHeader(std::string name, std::string value);
  Response& SetCookie(Cookie cookie);
  // The first header `name` (case-insensitive), or nullopt.
  std::optional<std::string> Header(const std::string& name) const;
};

}  // namespace jobrec::api
