// `jobrec worker [--concurrency N]`: runs queued tasks in this process until SIGTERM or
// SIGINT, then drains (finishes the tasks in hand, claims nothing new) and exits 0.
// The process keeps its row in the workers table (tasks/worker_registration.h) and, with
// worker.idle_exit set, drains and exits by itself after that long without a task: status 0,
// or kExitIdleShutdown when worker.shutdown_on_idle_exit asks its unit to power off.
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "jobrec/api/signal_waiter.h"
#include "jobrec/cli/application.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/common/log.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/store_runtime.h"
#include "jobrec/tasks/task_handler_registry.h"
#include "jobrec/tasks/worker.h"
#include "jobrec/tasks/worker_registration.h"

namespace jobrec::cli {
namespace {

// Exit status after an idle exit with worker.shutdown_on_idle_exit: the systemd unit of an EC2
// worker powers the instance off on it (deploy/ec2/user-data.sh.tmpl).
constexpr int kExitIdleShutdown = 3;

void Run(CliContext& ctx, int concurrency_flag) {
  // Before any thread exists, so that every thread inherits the blocked signals.
  api::SignalWaiter signals;
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto options = tasks::WorkerOptionsFromConfig(*config, tasks::WorkerRole::kStandalone);
  if (!options.ok()) return ctx.Fail(options.status(), kExitUsage);
  if (concurrency_flag > 0) options->concurrency = concurrency_flag;
  auto registration_options = tasks::WorkerRegistrationOptionsFromConfig(*config);
  if (!registration_options.ok()) return ctx.Fail(registration_options.status(), kExitUsage);

  auto store = OpenStore(ctx, *config);
  if (!store) return;
  auto migrator = store::Migrator::Embedded();
  if (!migrator.ok()) return ctx.Fail(migrator.status(), kExitFailure);
  auto up_to_date = migrator->UpToDate(store->db());
  if (!up_to_date.ok()) return ctx.Fail(up_to_date.status(), kExitFailure);
  if (!*up_to_date) {
    return ctx.Fail(absl::FailedPreconditionError("the database schema is not up to date; run `jobrec migrate`"),
                    kExitFailure);
  }

  tasks::TaskHandlerRegistry registry;
  if (absl::Status s = RegisterTaskHandlers(registry, store->db(), *config); !s.ok()) return ctx.Fail(s, kExitFailure);
  auto worker = tasks::Worker::Start(store->db(), registry, *options);
  if (!worker.ok()) return ctx.Fail(worker.status(), kExitUsage);
  // The idle timeout ends the process the way an operator would, so there is one shutdown path.
  auto registration = tasks::WorkerRegistration::Start(store->db(), *registration_options, **worker,
                                                       options->concurrency, [] { kill(getpid(), SIGTERM); });
  if (!registration.ok()) {
    (*worker)->Stop();
    return ctx.Fail(registration.status(), kExitFailure);
  }
  int signal_number = signals.Wait();
  const bool idle = (*registration)->idle_exit();
  log::Info("tasks.worker_signal", {{"signal", idle ? "idle timeout" : signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*registration)->MarkDraining();
  (*worker)->Stop();
  (*registration)->MarkStopped(idle ? "idle" : "drain");
  if (idle && registration_options->shutdown_on_idle_exit) ctx.exit_code = kExitIdleShutdown;
}

}  // namespace

void RegisterWorkerCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("worker", "Run queued tasks until SIGTERM/SIGINT, then drain and exit");
  auto concurrency = std::make_shared<int>(0);
  cmd->add_option("--concurrency", *concurrency, "Tasks run at once (default: tasks.worker_concurrency)")
      ->check(CLI::Range(1, 256));
  cmd->callback([&ctx, concurrency] { Run(ctx, *concurrency); });
}

}  // namespace jobrec::cli
