#include "jobrec/api/router.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/api/http_error.h"
#include "jobrec/api/url_path.h"
#include "jobrec/common/log.h"

namespace jobrec::api {
namespace {

const std::set<std::string>& KnownMethods() {
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  return kMethods;
}

[[noreturn]] void BadRoute(const std::string& method, const std::string& pattern,
                           const std::string& why) {
  std::fprintf(stderr, "BUG: route %s %s: %s\n", method.c_str(), pattern.c_str(), why.c_str());
  std::abort();
}

bool IsParamName(const std::string& name) {
  auto lower_or_underscore = [](char c) { return absl::ascii_islower(static_cast<unsigned char>(c)) || c == '_'; };
  return !name.empty() && lower_or_underscore(name[0]) &&
         std::all_of(name.begin(), name.end(), [&](char c) {
           return lower_or_underscore(c) || absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

// Paths the SPA fallback never answers: the JSON API and the probes.
bool IsReservedPath(const std::vector<std::string>& segments) {
  const std::string& first = segments.front();
  if (first == "api") return true;
  return segments.size() == 1 && (first == "healthz" || first == "readyz" || first == "metrics");
}

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

Router::Router(Guards guards) : guards_(guards.WithDefaults()) {}

Router& Router::Add(const std::string& method, const std::string& pattern, Handler handler,
                    RouteOptions options) {
  if (!KnownMethods().contains(method)) BadRoute(method, pattern, "unknown method");
  if (!handler) BadRoute(method, pattern, "no handler");
  auto raw_segments = SplitPath(pattern);
  if (!raw_segments.ok()) BadRoute(method, pattern, std::string(raw_segments.status().message()));
  Route route{.method = method, .pattern = pattern, .handler = std::move(handler), .options = options};
  std::set<std::string> names;
  for (const std::string& raw : *raw_segments) {
    bool is_param = raw.size() >= 2 && raw.front() == '{' && raw.back() == '}';
    std::string text = is_param ? raw.substr(1, raw.size() - 2) : raw;
    if (is_param && (!IsParamName(text) || !names.insert(text).second)) {
      BadRoute(method, pattern, "parameter names must be unique and lower_snake");
    }
    if (!is_param && text.find_first_of("{}") != std::string::npos) {
      BadRoute(method, pattern, "a parameter must be a whole segment");
    }
    route.segments.push_back({std::move(text), is_param});
  }
  for (const Route& other : routes_) {
    bool same_shape = other.method == method && other.segments.size() == route.segments.size() &&
                      std::equal(other.segments.begin(), other.segments.end(), route.segments.begin(),
                                 [](const Segment& a, const Segment& b) {
                                   return a.is_param == b.is_param && (a.is_param || a.text == b.text);
                                 });
    if (same_shape) BadRoute(method, pattern, "clashes with " + other.pattern);
  }
  routes_.push_back(std::move(route));
  return *this;
}

Router& Router::Get(const std::string& p, Handler h, RouteOptions o) { return Add("GET", p, std::move(h), o); }
Router& Router::Post(const std::string& p, Handler h, RouteOptions o) { return Add("POST", p, std::move(h), o); }
Router& Router::Put(const std::string& p, Handler h, RouteOptions o) { return Add("PUT", p, std::move(h), o); }
Router& Router::Patch(const std::string& p, Handler h, RouteOptions o) { return Add("PATCH", p, std::move(h), o); }
Router& Router::Delete(const std::string& p, Handler h, RouteOptions o) { return Add("DELETE", p, std::move(h), o); }

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

Router::Match Router::Find(const std::string& method, const std::vector<std::string>& segments) const {
  auto matches = [&](const Route& route) {
    if (route.segments.size() != segments.size()) return false;
    for (size_t i = 0; i < segments.size(); ++i) {
      const Segment& s = route.segments[i];
      if (s.is_param ? segments[i].empty() : s.text != segments[i]) return false;
    }
    return true;
  };
  // True when `a` has a literal at the first segment where the two differ in kind.
  auto more_specific = [](const Route& a, const Route& b) {
    for (size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
    }
    return false;
  };
  Match match;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (!matches(route)) continue;
    if (route.method != method) {
      allowed.insert(route.method);
      if (!match.same_path) match.same_path = &route;
      continue;
    }
    if (!match.route || more_specific(route, *match.route)) match.route = &route;
  }
  if (!match.route) {
    if (allowed.contains("GET")) allowed.insert("HEAD");
    match.allowed_methods.assign(allowed.begin(), allowed.end());
  }
  return match;
}

std::string Router::Label(const Match& match, const std::string& method,
                          const std::vector<std::string>& segments) const {
  if (match.route) return match.route->pattern;
  if (match.same_path) return match.same_path->pattern;
  if (fallback_ && method == "GET" && !IsReservedPath(segments)) return kStaticRoute;
  return kUnmatchedRoute;
}

Response Router::Dispatch(Request& request) const {
  auto segments = SplitPath(request.path);
  if (!segments.ok()) {
    request.route = kUnmatchedRoute;
    return ErrorResponse(WithHttpError(segments.status(), 400, "bad_request"));
  }
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  Match match = Find(method, *segments);
  request.route = Label(match, method, *segments);
  if (match.route) {
    const Route& route = *match.route;
    request.route_options = route.options;
    for (size_t i = 0; i < route.segments.size(); ++i) {
      if (route.segments[i].is_param) request.path_params[route.segments[i].text] = (*segments)[i];
    }
    return Guarded(request, [&] { return Run(route, request); });
  }
  if (!match.allowed_methods.empty()) {
    Response response = ErrorResponse(WithHttpError(
        absl::InvalidArgumentError(absl::StrCat(request.method, " is not allowed here")), 405,
        "method_not_allowed"));
    response.SetHeader("Allow", absl::StrJoin(match.allowed_methods, ", "));
    return response;
  }
  if (request.route == kStaticRoute) {
    return Guarded(request, [&] { return Complete(request, fallback_(request)); });
  }
  return ErrorResponse(absl::NotFoundError("no such resource"));
}

std::string Router::RouteFor(const std::string& method, const std::string& path) const {
  auto segments = SplitPath(path);
  if (!segments.ok()) return kUnmatchedRoute;
  const std::string routed_method = method == "HEAD" ? "GET" : method;
  return Label(Find(routed_method, *segments), routed_method, *segments);
}

Response Router::Run(const Route& route, Request& request) const {
  if (absl::Status admitted = guards_.rate_limiter->Admit(request); !admitted.ok()) {
    return Fail(request, admitted);
  }
  if (route.options.auth != AuthMode::kNone) {
    absl::StatusOr<Principal> principal = guards_.authenticator->Authenticate(request);
    if (principal.ok()) {
      request.principal = *std::move(principal);
    } else if (route.options.auth != AuthMode::kOptional ||
               !absl::IsUnauthenticated(principal.status())) {
      return Fail(request, principal.status());
    }
    if (route.options.auth == AuthMode::kAdmin && !request.principal->is_admin) {
      return Fail(request, absl::PermissionDeniedError("administrators only"));
    }
  }
  if (request.principal && request.principal->via == Principal::Via::kSessionCookie &&
      IsStateChanging(request.method)) {
    if (absl::Status verified = guards_.csrf->Verify(request, *request.principal); !verified.ok()) {
      return Fail(request, verified);
    }
  }
  return Complete(request, route.handler(request));
}

Response Router::Guarded(const Request& request, const std::function<Response()>& body) const {
  try {
    return body();
  } catch (const std::exception& e) {
    log::Error("handler_exception", {{"route", request.route}, {"what", e.what()}});
  } catch (...) {
    log::Error("handler_exception", {{"route", request.route}, {"what", "non-standard exception"}});
  }
  return ErrorResponse(absl::InternalError("handler threw"));
}

Response Router::Complete(const Request& request, absl::StatusOr<Response> result) const {
  return result.ok() ? *std::move(result) : Fail(request, result.status());
}

Response Router::Fail(const Request& request, const absl::Status& status) const {
  Response response = ErrorResponse(status);
  if (response.status >= 500) {
    log::Error("request_failed", {{"route", request.route},
                                  {"code", absl::StatusCodeToString(status.code())},
                                  {"error", std::string(status.message())}});
  }
  return response;
}

}  // namespace jobrec::api
