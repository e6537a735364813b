// `jobrec migrate [--status]`: applies the schema migrations compiled into the binary, or
// lists which are applied.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "jobrec/cli/cli_context.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/store_runtime.h"

namespace jobrec::cli {
namespace {

void PrintStatus(CliContext& ctx, const store::Migrator& migrator, store::Database& db) {
  auto statuses = migrator.Status(db);
  if (!statuses.ok()) return ctx.Fail(statuses.status(), kExitFailure);
  bool pending = false;
  for (const auto& s : *statuses) {
    std::string state = s.unknown            ? "applied (not in this binary) " + s.applied_at
                        : s.checksum_changed ? "CHANGED after it was applied " + s.applied_at
                        : s.applied          ? "applied " + s.applied_at
                                             : "pending";
    pending = pending || !s.applied || s.checksum_changed;
    std::cout << s.file_name << "  " << state << "\n";
  }
  // Scripts can ask "is anything left to do?" through the exit code.
  if (pending) ctx.exit_code = kExitFailure;
}

void Run(CliContext& ctx, bool status_only) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto migrator = store::Migrator::Embedded();
  if (!migrator.ok()) return ctx.Fail(migrator.status(), kExitFailure);
  auto store = OpenStore(ctx, *config);
  if (!store) return;
  if (status_only) return PrintStatus(ctx, *migrator, store->db());
  auto applied = migrator->Apply(store->db());
  if (!applied.ok()) return ctx.Fail(applied.status(), kExitFailure);
  for (const auto& file : *applied) std::cout << "applied " << file << "\n";
  if (applied->empty()) std::cout << "schema up to date (" << migrator->migrations().size() << " migrations)\n";
}

}  // namespace

void RegisterMigrateCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("migrate", "Apply the pending schema migrations");
  auto status_only = std::make_shared<bool>(false);
  cmd->add_flag("--status", *status_only, "List applied and pending migrations instead (exit 1 if any is pending)");
  cmd->callback([&ctx, status_only] { Run(ctx, *status_only); });
}

}  // namespace jobrec::cli
