// Per-route settings given to Router::Add.
#pragma once

namespace jobrec::api {

enum class AuthMode {
  kNone,      // public; the authenticator is not called
  kOptional,  // authenticate when credentials are present; anonymous otherwise
  kRequired,  // 401 unless the authenticator returns a principal
  kAdmin,     // as kRequired, then 403 unless the principal is an administrator
};

struct RouteOptions {
  AuthMode auth = AuthMode::kNone;
  // Probe and scrape endpoints (/healthz, /readyz, /metrics): access-log lines at debug level so
  // a load balancer polling every second does not drown the log.
  bool quiet = false;
};

}  // namespace jobrec::api
