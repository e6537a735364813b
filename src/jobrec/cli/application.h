// The application's wiring that more than one subcommand needs: which task kinds a worker
// can run, and which routes, guards and gauges `jobrec serve` exposes. One place, so that an
// in-process worker of `serve` and a `jobrec worker` process run the same handlers.
#pragma once

#include <memory>

#include "jobrec/api/metrics.h"
#include "jobrec/api/router.h"
#include "jobrec/auth/auth_service.h"
#include "jobrec/common/config.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::cli {

// Registers every task kind's handler. Errors: a kind registered twice (a programming error).
absl::Status RegisterTaskHandlers(tasks::TaskHandlerRegistry& registry, store::Database& db,
                                  const common::Config& config);

// Services the HTTP routes share; built once by `serve`, destroyed after the server stopped.
struct AppServices {
  store::Database* db = nullptr;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<store::TaskQueue> queue;
};

absl::StatusOr<AppServices> BuildAppServices(store::Database& db, const common::Config& config);

// Every /api/v1 route of the application.
void AddApplicationRoutes(api::Router& router, AppServices& services);

// Gauges for /metrics: database pool use and task queue depth by kind and state.
std::vector<api::MetricsCollector> ApplicationMetrics(store::Database& db);

}  // namespace jobrec::cli
