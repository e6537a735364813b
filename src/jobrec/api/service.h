// What `jobrec serve` runs: background components (the embedded database, task workers), the
// HTTP server with the built-in routes plus the application's routes, and the orderly
// shutdown of all of it. Everything that is not HTTP comes in through ServeHooks, so api/
// does not depend on store/ or tasks/.
//
// Start order: components in order, then the server (so no request arrives before the
// database is up). Shutdown: the server stops accepting and drains in-flight requests, then
// components stop in reverse order (workers before the database they use).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobrec/api/builtin_routes.h"
#include "jobrec/api/metrics.h"
#include "jobrec/api/middleware.h"
#include "jobrec/api/router.h"
#include "jobrec/api/server_options.h"
#include "jobrec/api/signal_waiter.h"

namespace jobrec::api {

class Server;

struct BackgroundComponent {
  std::string name;                    // for logs: "database", "workers"
  std::function<absl::Status()> start; // may be empty
  std::function<absl::Status()> stop;  // may be empty; must not throw
};

struct ServeHooks {
  ReadinessCheck readiness;                          // empty: ready whenever up
  std::vector<MetricsCollector> metrics_collectors;  // gauges for /metrics
  std::vector<BackgroundComponent> components;
  std::function<void(Router&)> add_routes;  // the application's routes (auth, profile, jobs, …)
  Guards guards;                            // empty slots get the defaults of middleware.h
};

// Thread-safety: Start, port and Shutdown from one owning thread.
class Service {
 public:
  // Starts the components and then the server. When a component or the server fails to
  // start, the components already started are stopped again and the error is returned,
  // prefixed with the component's name.
  static absl::StatusOr<std::unique_ptr<Service>> Start(const ServerOptions& options,
                                                        ServeHooks hooks);
  ~Service();  // Shutdown()
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  int port() const;

  // Drains the server, then stops the components in reverse order. Returns the first stop
  // failure (every component is still asked to stop). Idempotent: later calls return OK.
  absl::Status Shutdown();

 private:
  Service(std::unique_ptr<Server> server, std::vector<BackgroundComponent> started);

  std::unique_ptr<Server> server_;
  std::vector<BackgroundComponent> started_;
  bool shut_down_ = false;
};

// Runs a Service until SIGINT or SIGTERM (collected by `signals`), then shuts it down.
// `on_listening` (optional) is called with the bound port once requests are accepted.
// Returns the start-up error, or the shutdown result.
absl::Status ServeUntilSignal(const ServerOptions& options, ServeHooks hooks, SignalWaiter& signals,
                              const std::function<void(int port)>& on_listening = {});

}  // namespace jobrec::api
