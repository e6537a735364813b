// One HTTP request as handlers see it, independent of the HTTP library, so handlers and their
// tests never include httplib.h. Tests build one directly:
//   api::Request req{.method = "POST", .path = "/api/v1/jobs", .body = R"({"a":1})"};
//   req.headers = {{"Content-Type", "application/json"}};
//
// The server fills the transport fields; the router fills route, path_params and principal
// before it calls the handler. Thread-safety: a plain value, used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "jobrec/api/principal.h"
#include "jobrec/api/route_options.h"

namespace jobrec::api {

enum class JsonShape { kObject, kArray, kAny };

// Deeper JSON bodies are rejected: no request of ours nests that far, and handlers that walk a
// document recursively should not have to guard their stack.
inline constexpr int kMaxJsonDepth = 64;

struct Request {
  std::string method;  // upper case; HEAD is routed like GET
  std::string path;    // as sent: percent-encoded, without the query string
  std::vector<std::pair<std::string, std::string>> headers;
  std::multimap<std::string, std::string> query;  // decoded
  std::string body;
  std::string remote_addr;
  std::string request_id;

  // Filled by the router.
  std::string route;  // the matched pattern ("/api/v1/jobs/{id}"), "static" or "unmatched"
  RouteOptions route_options;
  std::map<std::string, std::string> path_params;  // decoded
  std::optional<Principal> principal;

  // The first header `name` (case-insensitive), or nullopt.
  std::optional<std::string> Header(const std::string& name) const;
  // The first query parameter `name`, or nullopt; QueryAll returns every value in order.
  std::optional<std::string> Query(const std::string& name) const;
  std::vector<std::string> QueryAll(const std::string& name) const;
  // Query parameter `name` as an integer in [min, max], `default_value` when absent;
  // InvalidArgument naming the parameter (common::FieldOf) when it is not such an integer.
  absl::StatusOr<int64_t> QueryInt(const std::string& name, int64_t default_value, int64_t min,
                                   int64_t max) const;
  // A parameter of the matched pattern. Asking for a name the pattern does not declare is a
  // programming error and aborts.
  const std::string& PathParam(const std::string& name) const;
  // The value of cookie `name` from the Cookie header(s), or nullopt.
  std::optional<std::string> CookieValue(const std::string& name) const;
  // The authenticated user, or "" for an anonymous request.
  const std::string& user_id() const;
  // The authenticated user's numeric id. Unauthenticated for an anonymous request.
  absl::StatusOr<int64_t> CallerId() const;

  // Parses the body as JSON of the given shape. Errors (mapped by http_error.h):
  //   415 unsupported_media_type: Content-Type is missing or not application/json (or +json);
  //   400 invalid_json: empty body, malformed JSON (message names line and column), nesting
  //       deeper than kMaxJsonDepth, or a top-level value of the wrong type.
  absl::StatusOr<nlohmann::json> JsonBody(JsonShape shape = JsonShape::kObject) const;
};

}  // namespace jobrec::api
