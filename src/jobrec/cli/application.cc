#include "jobrec/cli/application.h"

#include "jobrec/api/admin_sources_routes.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/jobs_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/ingest_sync_task.h"
#include "jobrec/tasks/probe_task.h"

namespace jobrec::cli {

absl::Status RegisterTaskHandlers(tasks::TaskHandlerRegistry& registry, store::Database& db,
                                  const common::Config& config) {
  JOBREC_RETURN_IF_ERROR(tasks::RegisterProbeTask(registry, db));
  JOBREC_RETURN_IF_ERROR(tasks::RegisterIngestTaskHandlers(registry, db, ingest::IngestOptionsFromConfig(config)));
  return absl::OkStatus();
}

absl::StatusOr<AppServices> BuildAppServices(store::Database& db, const common::Config& config) {
  AppServices services;
  services.db = &db;
  services.auth = std::make_unique<auth::AuthService>(db, auth::AuthOptionsFromConfig(config),
                                                      auth::NewMailer(auth::SmtpOptionsFromConfig(config)));
  services.queue = std::make_unique<store::TaskQueue>(db, static_cast<int>(config.GetInt("tasks.max_attempts")));
  return services;
}

void AddApplicationRoutes(api::Router& router, AppServices& services) {
  api::AddAuthRoutes(router, *services.auth);
  api::AddProfileRoutes(router, *services.db);
  api::AddJobsRoutes(router, *services.db);
  api::AddAdminSourcesRoutes(router, *services.db, *services.queue);
}

std::vector<api::MetricsCollector> ApplicationMetrics(store::Database& db) {
  auto pool = [&db](std::vector<api::GaugeSample>& out) {
    store::PoolStats stats = db.Stats();
    out.push_back({"jobrec_db_pool_connections", "database connections by state", {{"state", "in_use"}},
                   static_cast<double>(stats.in_use)});
    out.push_back({"jobrec_db_pool_connections", "", {{"state", "idle"}}, static_cast<double>(stats.idle)});
    out.push_back({"jobrec_db_pool_capacity", "size of the database connection pool", {},
                   static_cast<double>(stats.capacity)});
    out.push_back({"jobrec_db_pool_waits", "checkouts that had to wait for a connection (since start)", {},
                   static_cast<double>(stats.waits)});
  };
  auto queue = [&db](std::vector<api::GaugeSample>& out) {
    store::TaskQueue tasks(db, 5);
    auto stats = tasks.Stats();
    if (!stats.ok()) {
      log::Warn("metrics.queue_stats_failed", {{"error", std::string(stats.status().message())}});
      return;
    }
    for (const auto& depth : stats->depth) {
      out.push_back({"jobrec_tasks", "tasks by kind and state",
                     {{"kind", depth.kind}, {"state", store::TaskStateName(depth.state)}},
                     static_cast<double>(depth.count)});
    }
    for (const auto& [kind, age] : stats->oldest_due_age_seconds) {
      out.push_back({"jobrec_tasks_oldest_queued_seconds", "age of the oldest due queued task",
                     {{"kind", kind}}, age});
    }
  };
  return {pool, queue};
}

}  // namespace jobrec::cli
