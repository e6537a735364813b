#include "jobrec/api/service.h"

#include "absl/strings/str_cat.h"
#include "jobrec/api/server.h"
#include "jobrec/common/log.h"

namespace jobrec::api {
namespace {

// Stops `components` in reverse order; the first failure, after trying them all.
absl::Status StopAll(std::vector<BackgroundComponent>& components) {
  absl::Status first_error;
  for (auto it = components.rbegin(); it != components.rend(); ++it) {
    if (!it->stop) continue;
    absl::Status status = it->stop();
    if (status.ok()) {
      log::Info("component_stopped", {{"component", it->name}});
      continue;
    }
    log::Error("component_stop_failed", {{"component", it->name}, {"error", status.ToString()}});
    if (first_error.ok()) {
      first_error = absl::Status(status.code(), absl::StrCat(it->name, ": ", status.message()));
    }
  }
  components.clear();
  return first_error;
}

}  // namespace

Service::Service(std::unique_ptr<Server> server, std::vector<BackgroundComponent> started)
    : server_(std::move(server)), started_(std::move(started)) {}

Service::~Service() { Shutdown().IgnoreError(); }

absl::StatusOr<std::unique_ptr<Service>> Service::Start(const ServerOptions& options,
                                                        ServeHooks hooks) {
  std::vector<BackgroundComponent> started;
  for (BackgroundComponent& component : hooks.components) {
    absl::Status status = component.start ? component.start() : absl::OkStatus();
    if (!status.ok()) {
      StopAll(started).IgnoreError();
      return absl::Status(status.code(), absl::StrCat(component.name, ": ", status.message()));
    }
    log::Info("component_started", {{"component", component.name}});
    started.push_back(std::move(component));
  }

  auto metrics = std::make_shared<Metrics>();
  for (MetricsCollector& collector : hooks.metrics_collectors) metrics->AddCollector(std::move(collector));
  auto router = std::make_shared<Router>(std::move(hooks.guards));
  AddProbeRoutes(*router, std::move(hooks.readiness));
  AddMetricsRoute(*router, metrics);
  if (hooks.add_routes) hooks.add_routes(*router);
  AddWebAppFallback(*router, options.web_root);

  absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options, router, metrics);
  if (!server.ok()) {
    StopAll(started).IgnoreError();
    return server.status();
  }
  return std::unique_ptr<Service>(new Service(*std::move(server), std::move(started)));
}

int Service::port() const { return server_->port(); }

absl::Status Service::Shutdown() {
  if (shut_down_) return absl::OkStatus();
  shut_down_ = true;
  server_->Stop();
  return StopAll(started_);
}

absl::Status ServeUntilSignal(const ServerOptions& options, ServeHooks hooks, SignalWaiter& signals,
                              const std::function<void(int port)>& on_listening) {
  absl::StatusOr<std::unique_ptr<Service>> service = Service::Start(options, std::move(hooks));
  if (!service.ok()) return service.status();
  if (on_listening) on_listening((*service)->port());
  int signal_number = signals.Wait();
  log::Info("shutdown_requested", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  return (*service)->Shutdown();
}

}  // namespace jobrec::api
