// jobrec_test_worker: a worker process for the crash test (tasks_worker_crash_test.cc). It runs
// one task kind, "test.effect_once", whose handler shows the idempotency rule of
// tasks/README.md: it logs the run, records its effect keyed by the task id (INSERT ... ON
// CONFLICT DO NOTHING) in one transaction, then sleeps payload.sleep_ms on its first attempt
// so the test can kill it mid-task.
//
// Usage: jobrec_test_worker URL LEASE_MS HEARTBEAT_MS. Runs until SIGTERM/SIGINT (drains, exit 0).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "jobrec/api/signal_waiter.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/tasks/worker.h"

namespace {

using namespace jobrec;

absl::Status EffectOnce(store::Database& db, const tasks::TaskContext& context, const nlohmann::json& payload) {
  JOBREC_RETURN_IF_ERROR(store::RunTransaction(db, {.name = "test.effect_once"}, [&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO test_runs (task_id, attempt, pid) VALUES ($1, $2, $3)", context.task_id(),
                   context.attempt(), static_cast<int>(getpid()));
    tx.exec_params("INSERT INTO test_effects (task_id, note) VALUES ($1, $2) ON CONFLICT (task_id) DO NOTHING",
                   context.task_id(), payload.value("note", ""));
    return absl::OkStatus();
  }));
  if (context.attempt() == 1) {
    std::this_thread::sleep_for(std::chrono::milliseconds(payload.value("sleep_ms", 0)));
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: jobrec_test_worker URL LEASE_MS HEARTBEAT_MS\n";
    return 2;
  }
  api::SignalWaiter signals;
  auto db = store::Database::Open({.url = argv[1], .pool_size = 2});
  if (!db.ok()) {
    std::cerr << db.status() << "\n";
    return 1;
  }
  tasks::TaskHandlerRegistry registry;
  absl::Status registered = registry.Register("test.effect_once", [&](const tasks::TaskContext& c, const nlohmann::json& p) {
    return EffectOnce(**db, c, p);
  });
  tasks::WorkerOptions options{.concurrency = 1,
                               .lease = std::chrono::milliseconds(std::atoi(argv[2])),
                               .heartbeat = std::chrono::milliseconds(std::atoi(argv[3])),
                               .poll_interval = std::chrono::milliseconds(200)};
  auto worker = tasks::Worker::Start(**db, registry, options);
  if (!registered.ok() || !worker.ok()) {
    std::cerr << registered << " " << worker.status() << "\n";
    return 1;
  }
  std::cout << "worker ready " << (*worker)->owner() << std::endl;
  signals.Wait();
  (*worker)->Stop();
  return 0;
}
