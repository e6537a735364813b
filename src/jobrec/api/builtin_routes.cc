#include "jobrec/api/builtin_routes.h"

#include "jobrec/api/static_files.h"

namespace jobrec::api {

void AddProbeRoutes(Router& router, ReadinessCheck readiness) {
  const RouteOptions quiet{.quiet = true};
  router.Get("/healthz", [](const Request&) -> absl::StatusOr<Response> {
    return Response::Json({{"status", "ok"}});
  }, quiet);
  router.Get("/readyz", [readiness = std::move(readiness)](const Request&) -> absl::StatusOr<Response> {
    absl::Status status = readiness ? readiness() : absl::OkStatus();
    if (status.ok()) return Response::Json({{"status", "ready"}});
    return Response::Json({{"status", "unavailable"}, {"reason", std::string(status.message())}}, 503);
  }, quiet);
}

void AddMetricsRoute(Router& router, std::shared_ptr<const Metrics> metrics) {
  router.Get("/metrics", [metrics = std::move(metrics)](const Request&) -> absl::StatusOr<Response> {
    return Response::Text(metrics->Expose(), kPrometheusContentType);
  }, {.quiet = true});
}

void AddWebAppFallback(Router& router, const std::string& web_root) {
  router.SetFallback([files = StaticFiles(web_root)](const Request& request) -> absl::StatusOr<Response> {
    return files.Serve(request);
  });
}

}  // namespace jobrec::api
