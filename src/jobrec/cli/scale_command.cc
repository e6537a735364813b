// `jobrec scale status [--json] [--decisions N]`: the workers table and the autoscaler's
// recent decisions.
// `jobrec scale run`: the autoscaler alone, in the foreground, until SIGTERM or SIGINT: for a
// deployment that keeps scaling out of the `jobrec serve` replicas (it takes part in the same
// leader election, so running both is safe).
//
// Exit codes: 0; 1 when the database cannot be reached; 2 for a bad flag or configuration.
#include <csignal>
#include <iomanip>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/api/signal_waiter.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/common/log.h"
#include "jobrec/store/store_runtime.h"
#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/autoscaler_setup.h"
#include "jobrec/tasks/scaling_json.h"

namespace jobrec::cli {
namespace {

void PrintStatus(const std::vector<store::WorkerRecord>& workers, const std::vector<store::ScalingDecision>& decisions) {
  std::cout << "workers (live, and stopped or lost within the hour):\n";
  if (workers.empty()) std::cout << "  none\n";
  std::cout << std::left;
  for (const auto& w : workers) {
    std::cout << "  " << std::setw(6) << w.id << std::setw(9) << store::WorkerProviderName(w.provider)
              << std::setw(22) << w.instance_id << std::setw(10) << store::WorkerStateName(w.state)
              << std::setw(14) << (w.current_task_id ? absl::StrCat("task ", *w.current_task_id) : "")
              << "heartbeat " << static_cast<int64_t>(w.heartbeat_age_seconds) << " s ago"
              << (w.exit_reason.empty() ? "" : absl::StrCat(", exit: ", w.exit_reason)) << "  " << w.host << "\n";
  }
  std::cout << "decisions (newest first):\n";
  if (decisions.empty()) std::cout << "  none\n";
  for (const auto& d : decisions) {
    std::cout << "  " << tasks::DecisionJson(d)["decided_at"].get<std::string>() << "  " << std::setw(8)
              << store::ScalingActionName(d.action) << d.current_workers << " -> " << d.desired_workers << "  "
              << d.reason << "\n";
  }
}

void Status(CliContext& ctx, bool json, int decisions_limit) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenStore(ctx, *config);
  if (!store) return;
  store::WorkerRepo repo(store->db());
  auto workers = repo.ListWorkers();
  if (!workers.ok()) return ctx.Fail(workers.status(), kExitFailure);
  auto decisions = repo.RecentDecisions(decisions_limit);
  if (!decisions.ok()) return ctx.Fail(decisions.status(), kExitFailure);
  if (json) {
    std::cout << tasks::ScalingStatusJson(*workers, *decisions).dump(2) << "\n";
  } else {
    PrintStatus(*workers, *decisions);
  }
}

void RunAutoscaler(CliContext& ctx) {
  // Before any thread exists, so that every thread inherits the blocked signals.
  api::SignalWaiter signals;
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenStore(ctx, *config);
  if (!store) return;
  auto autoscaler = tasks::AutoscalerFromConfig(*config, store->db(), ctx.config_path);
  if (!autoscaler.ok()) {
    return ctx.Fail(autoscaler.status(), absl::IsInvalidArgument(autoscaler.status()) ? kExitUsage : kExitFailure);
  }
  if (*autoscaler == nullptr) {
    return ctx.Fail(absl::InvalidArgumentError("config key 'autoscaler.enabled' is false: nothing to run"), kExitUsage);
  }
  if (absl::Status s = (*autoscaler)->Start(); !s.ok()) return ctx.Fail(s, kExitFailure);
  int signal_number = signals.Wait();
  log::Info("autoscaler.signal", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*autoscaler)->Stop();
}

}  // namespace

void RegisterScaleCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("scale", "Inspect or run the worker autoscaler");
  cmd->require_subcommand(1);

  auto* status = cmd->add_subcommand("status", "Show the workers and the autoscaler's recent decisions");
  auto json = std::make_shared<bool>(false);
  auto limit = std::make_shared<int>(20);
  status->add_flag("--json", *json, "Print JSON");
  status->add_option("--decisions", *limit, "How many decisions to show (default 20)")->check(CLI::Range(1, 1000));
  status->callback([&ctx, json, limit] { Status(ctx, *json, *limit); });

  auto* run = cmd->add_subcommand("run", "Run the autoscaler in the foreground until SIGTERM/SIGINT");
  run->callback([&ctx] { RunAutoscaler(ctx); });
}

}  // namespace jobrec::cli
