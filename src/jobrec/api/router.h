// Maps "METHOD /path" to a handler and runs it behind the guards (middleware.h). Independent of
// the HTTP library: tests call Dispatch with a hand-built Request.
//
// Adding a route is one line (handlers are plain functions of the request):
//   router.Post("/api/v1/jobs/{id}/reviews", CreateReview, {.auth = AuthMode::kRequired});
//
//   absl::StatusOr<Response> CreateReview(const Request& req) {
//     JOBREC_ASSIGN_OR_RETURN(nlohmann::json body, req.JsonBody());      // 415 / 400 invalid_json
//     JOBREC_ASSIGN_OR_RETURN(auto review, ParseReview(body));             // 400 + field
//     JOBREC_ASSIGN_OR_RETURN(auto saved, feedback::SaveReview(req.user_id(),
//                                                              req.PathParam("id"), review));
//     return Response::Json(ToJson(saved), 201);
//   }
// An error status from a handler becomes the response through ErrorResponse (http_error.h),
// the one Status → HTTP mapping; an exception becomes a 500 without details (and is logged).
//
// Patterns: literal segments and whole-segment parameters, "/api/v1/jobs/{id}". Parameters
// match one non-empty segment and arrive percent-decoded. When several patterns match, the one
// with a literal at the first differing segment wins ("/jobs/search" beats "/jobs/{id}").
// No match: 405 with an Allow header when the path matches under another method, else the
// fallback for GET/HEAD outside /api/ and the probe paths (the SPA), else 404; all JSON.
//
// Thread-safety: Add and SetFallback before the server starts; Dispatch concurrently after.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobrec/api/middleware.h"
#include "jobrec/api/request.h"
#include "jobrec/api/response.h"
#include "jobrec/api/route_options.h"

namespace jobrec::api {

using Handler = std::function<absl::StatusOr<Response>(const Request&)>;

// Route labels for requests that match no pattern (bounded metric cardinality).
inline constexpr char kStaticRoute[] = "static";
inline constexpr char kUnmatchedRoute[] = "unmatched";

class Router {
 public:
  explicit Router(Guards guards = {});

  // Registers a route. A malformed pattern, an unknown method or a second route with the same
  // method and shape is a programming error: the process aborts with a message at start-up.
  Router& Add(const std::string& method, const std::string& pattern, Handler handler,
              RouteOptions options = {});
  Router& Get(const std::string& pattern, Handler handler, RouteOptions options = {});
  Router& Post(const std::string& pattern, Handler handler, RouteOptions options = {});
  Router& Put(const std::string& pattern, Handler handler, RouteOptions options = {});
  Router& Patch(const std::string& pattern, Handler handler, RouteOptions options = {});
  Router& Delete(const std::string& pattern, Handler handler, RouteOptions options = {});

  // Answers GET/HEAD requests that match no route (the web app). Runs without guards.
  void SetFallback(Handler handler);

  // Routes `request`, fills request.route, route_options, path_params and principal, runs
  // the guards and the handler, and returns the response. Never throws.
  Response Dispatch(Request& request) const;

  // The route label Dispatch would give `method path`, for requests the server answered
  // before dispatching (body too large).
  std::string RouteFor(const std::string& method, const std::string& path) const;

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter name
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    RouteOptions options;
  };
  struct Match {
    const Route* route = nullptr;
    const Route* same_path = nullptr;          // a route of another method with this path
    std::vector<std::string> allowed_methods;  // when no route has the request's method
  };

  Match Find(const std::string& method, const std::vector<std::string>& segments) const;
  std::string Label(const Match& match, const std::string& method,
                    const std::vector<std::string>& segments) const;
  // The guards, then the handler.
  Response Run(const Route& route, Request& request) const;
  // `body()`, or a 500 when it throws (logged with the route; nothing leaks to the client).
  Response Guarded(const Request& request, const std::function<Response()>& body) const;
  Response Complete(const Request& request, absl::StatusOr<Response> result) const;
  // The error response for `status`; 5xx are logged with the original message.
  Response Fail(const Request& request, const absl::Status& status) const;

  Guards guards_;
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace jobrec::api
