// `jobrec serve`: the HTTP API and the web app, until SIGTERM or SIGINT. With no
// database.url it starts (or reuses) the embedded PostgreSQL under state_dir, applies the
// migrations, runs in-process task workers and the autoscaler, and stops all of it in reverse
// order after the last in-flight request.
//
// Exit codes: 0 after a clean shutdown; 2 for a bad flag or configuration value (the message
// names the key); 1 when start-up fails (database, a migration — named with PostgreSQL's
// message —, the port in use) or a component fails to stop.
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "jobrec/api/auth_routes.h"
#include "jobrec/api/service.h"
#include "jobrec/api/signal_waiter.h"
#include "jobrec/cli/application.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/demo_corpus.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/ingest/sync_scheduler.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/store_runtime.h"
#include "jobrec/store/task_retention.h"
#include "jobrec/tasks/autoscaler_setup.h"
#include "jobrec/tasks/task_options.h"
#include "jobrec/tasks/worker.h"

namespace jobrec::cli {
namespace {

void Run(CliContext& ctx, int port) {
  // Before any thread exists, so that every thread inherits the blocked signals.
  api::SignalWaiter signals;
  auto config = ctx.LoadConfig();
  if (!config) return;
  api::ServerOptions options = api::ServerOptions::FromConfig(*config);
  if (port >= 0) options.port = port;
  auto worker_options = tasks::WorkerOptionsFromConfig(*config, tasks::WorkerRole::kInProcess);
  if (!worker_options.ok()) return ctx.Fail(worker_options.status(), kExitUsage);

  auto store = OpenStore(ctx, *config);
  if (!store) return;
  store::Database& db = store->db();
  auto migrator = store::Migrator::Embedded();
  if (!migrator.ok()) return ctx.Fail(migrator.status(), kExitFailure);
  auto applied = migrator->Apply(db);
  if (!applied.ok()) return ctx.Fail(applied.status(), kExitFailure);
  if (!applied->empty()) log::Info("serve.migrated", {{"applied", *applied}});

  auto services = BuildAppServices(db, *config);
  if (!services.ok()) return ctx.Fail(services.status(), kExitFailure);
  tasks::TaskHandlerRegistry registry;
  if (absl::Status s = RegisterTaskHandlers(registry, db, *config); !s.ok()) return ctx.Fail(s, kExitFailure);
  auto autoscaler = tasks::AutoscalerFromConfig(*config, db, ctx.config_path);
  if (!autoscaler.ok()) return ctx.Fail(autoscaler.status(), kExitUsage);

  api::ServeHooks hooks;
  // The demo corpus loads in the background (seconds for 10k postings) so that the server
  // answers at once; a load stopped by shutdown is finished by the next start.
  const ingest::IngestOptions ingest_options = ingest::IngestOptionsFromConfig(*config);
  std::jthread demo_loader;
  hooks.components.push_back(
      {.name = "demo corpus",
       .start = [&] {
         demo_loader = std::jthread([&db, options = ingest::DemoCorpusOptionsOf(ingest_options)](
                                        std::stop_token stop) mutable {
           options.stop_requested = [stop] { return stop.stop_requested(); };
           auto loaded = ingest::LoadDemoCorpusIfEmpty(db, options);
           if (!loaded.ok() && !absl::IsCancelled(loaded.status())) {
             log::Warn("serve.demo_corpus_failed", {{"error", loaded.status().ToString()}});
           }
         });
         return absl::OkStatus();
       },
       .stop = [&] {
         if (demo_loader.joinable()) {
           demo_loader.request_stop();
           demo_loader.join();
         }
         return absl::OkStatus();
       }});
  // The fastText engine trains (first start) or loads its model in the background; until it
  // is ready the recommendations answer 503 "warming up". The service's destructor, after the
  // server stopped, interrupts a warm-up still in progress.
  hooks.components.push_back({.name = "fasttext engine",
                              .start = [&] {
                                services->fasttext->Start();
                                return absl::OkStatus();
                              },
                              .stop = [] { return absl::OkStatus(); }});
  ingest::SyncScheduler scheduler(db, *services->queue,
                                  {.interval = ingest_options.scheduler_interval,
                                   .task_retention = store::TaskRetentionFromConfig(*config)});
  hooks.components.push_back({.name = "sync scheduler",
                              .start = [&] { return scheduler.Start(); },
                              .stop = [&] { return scheduler.Stop(); }});
  std::unique_ptr<tasks::Worker> worker;
  if (worker_options->concurrency > 0) {
    hooks.components.push_back(
        {.name = "workers",
         .start = [&]() -> absl::Status {
           JOBREC_ASSIGN_OR_RETURN(worker, tasks::Worker::Start(db, registry, *worker_options));
           return absl::OkStatus();
         },
         .stop = [&] {
           if (worker) worker->Stop();
           return absl::OkStatus();
         }});
  }
  if (*autoscaler) {
    tasks::Autoscaler& scaler = **autoscaler;
    hooks.components.push_back({.name = "autoscaler",
                                .start = [&scaler] { return scaler.Start(); },
                                .stop = [&scaler] {
                                  scaler.Stop();
                                  return absl::OkStatus();
                                }});
  }
  hooks.readiness = [&db, &migrator]() -> absl::Status {
    JOBREC_RETURN_IF_ERROR(db.Ping());
    JOBREC_ASSIGN_OR_RETURN(bool up_to_date, migrator->UpToDate(db));
    if (!up_to_date) return absl::UnavailableError("database migrations are pending");
    return absl::OkStatus();
  };
  hooks.metrics_collectors = ApplicationMetrics(db);
  hooks.add_routes = [&services](api::Router& router) { AddApplicationRoutes(router, *services); };
  hooks.guards = api::SessionGuards(*services->auth);

  absl::Status status = api::ServeUntilSignal(options, std::move(hooks), signals);
  if (!status.ok()) {
    log::Error("serve_failed", {{"error", status.ToString()}});
    return ctx.Fail(status, kExitFailure);
  }
  log::Info("serve_stopped");
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("serve", "Run the HTTP API and serve the web app");
  auto port = std::make_shared<int>(-1);
  cmd->add_option("-p,--port", *port, "TCP port to listen on (overrides server.port; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->callback([&ctx, port] { Run(ctx, *port); });
}

}  // namespace jobrec::cli
