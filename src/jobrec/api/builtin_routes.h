// The routes every jobrec server has: liveness and readiness probes, Prometheus metrics and
// the web app.
//   GET /healthz  200 {"status":"ok"} while the process serves requests at all.
//   GET /readyz   200 {"status":"ready"} when the readiness check passes, else
//                 503 {"status":"unavailable","reason":"<the check's message>"}.
//   GET /metrics  Metrics::Expose() in the Prometheus text format.
//   other GETs    the web app (StaticFiles) as the router's fallback.
// Probe and metrics routes are quiet (access-logged at debug level).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "jobrec/api/metrics.h"
#include "jobrec/api/router.h"

namespace jobrec::api {

// OK when the service can do useful work (database reachable, migrations applied); the
// message of a non-OK status is shown by /readyz. Called on every probe, concurrently.
using ReadinessCheck = std::function<absl::Status()>;

// `readiness` may be empty: then the service is ready whenever it is up.
void AddProbeRoutes(Router& router, ReadinessCheck readiness);
void AddMetricsRoute(Router& router, std::shared_ptr<const Metrics> metrics);
void AddWebAppFallback(Router& router, const std::string& web_root);

}  // namespace jobrec::api
