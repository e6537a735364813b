// `jobrec db start|stop|status|url`: manages the embedded PostgreSQL cluster by hand (the
// test script starts one for the integration tests). Only meaningful without database.url.
#include <iostream>

#include <CLI/CLI.hpp>

#include "jobrec/cli/cli_context.h"
#include "jobrec/store/embedded_postgres.h"
#include "jobrec/store/store_options.h"

namespace jobrec::cli {
namespace {

// Exit code of `db status` when the cluster is not running (as `pg_ctl status` does).
constexpr int kExitStopped = 3;

std::optional<store::EmbeddedPostgresOptions> LoadEmbeddedOptions(CliContext& ctx) {
  auto config = ctx.LoadConfig();
  if (!config) return std::nullopt;
  auto options = store::StoreOptionsFromConfig(*config);
  if (!options.ok()) {
    ctx.Fail(options.status(), kExitUsage);
    return std::nullopt;
  }
  if (!options->database_url.empty()) {
    ctx.Fail(absl::FailedPreconditionError(
                 "database.url is set (JOBREC_DATABASE_URL): jobrec uses that server and runs no "
                 "embedded cluster; `jobrec db` manages only the embedded one"),
             kExitUsage);
    return std::nullopt;
  }
  return store::EmbeddedPostgresOptions{.state_dir = options->state_dir, .os_user = options->embedded_os_user};
}

void Start(CliContext& ctx) {
  auto options = LoadEmbeddedOptions(ctx);
  if (!options) return;
  auto cluster = store::EmbeddedPostgres::Start(*options);
  if (!cluster.ok()) return ctx.Fail(cluster.status(), kExitFailure);
  std::cout << ((*cluster)->started_here() ? "started " : "already running ") << (*cluster)->url() << "\n";
  (*cluster)->LeaveRunning();
}

void Stop(CliContext& ctx) {
  auto options = LoadEmbeddedOptions(ctx);
  if (!options) return;
  if (absl::Status stopped = store::EmbeddedPostgres::Stop(*options); !stopped.ok()) {
    return ctx.Fail(stopped, kExitFailure);
  }
  std::cout << "stopped\n";
}

void Status(CliContext& ctx) {
  auto options = LoadEmbeddedOptions(ctx);
  if (!options) return;
  auto status = store::EmbeddedPostgres::Inspect(*options);
  if (!status.ok()) return ctx.Fail(status.status(), kExitFailure);
  switch (status->state) {
    case store::ClusterState::kRunning:
      std::cout << "running (pid " << status->pid << ") " << status->url << "\n";
      return;
    case store::ClusterState::kStopped:
      std::cout << "stopped " << status->data_dir << "\n";
      break;
    case store::ClusterState::kNotInitialised:
      std::cout << "not initialised (no cluster in " << status->data_dir << ")\n";
      break;
  }
  ctx.exit_code = kExitStopped;
}

void Url(CliContext& ctx) {
  auto options = LoadEmbeddedOptions(ctx);
  if (!options) return;
  auto status = store::EmbeddedPostgres::Inspect(*options);
  if (!status.ok()) return ctx.Fail(status.status(), kExitFailure);
  if (status->url.empty()) {
    return ctx.Fail(absl::FailedPreconditionError(
                        "the embedded cluster has never been started here; run `jobrec db start`"),
                    kExitFailure);
  }
  std::cout << status->url << "\n";
}

}  // namespace

void RegisterDbCommand(CLI::App& app, CliContext& ctx) {
  auto* db = app.add_subcommand("db", "Manage the embedded PostgreSQL (used when database.url is unset)");
  db->require_subcommand(1);
  db->add_subcommand("start", "Start the embedded cluster (initialising it the first time) and leave it running")
      ->callback([&ctx] { Start(ctx); });
  db->add_subcommand("stop", "Stop the embedded cluster (fast shutdown)")->callback([&ctx] { Stop(ctx); });
  db->add_subcommand("status", "Print whether it runs; exit code 0 running, 3 stopped")
      ->callback([&ctx] { Status(ctx); });
  db->add_subcommand("url", "Print the libpq URL of the embedded database")->callback([&ctx] { Url(ctx); });
}

}  // namespace jobrec::cli
