// The application's wiring that more than one subcommand needs: which task kinds a worker
// can run, and which routes, guards and gauges `jobrec serve` exposes. One place, so that an
// in-process worker of `serve` and a `jobrec worker` process run the same handlers.
#pragma once

#include <memory>

#include "jobrec/api/metrics.h"
#include "jobrec/api/router.h"
#include "jobrec/auth/auth_service.h"
#include "jobrec/common/config.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/rank/fasttext_service.h"
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
  // Warms up in the background once Start() is called (serve starts it with its components).
  std::unique_ptr<rank::FastTextService> fasttext;
  // The LLM layer, or the Unavailable status naming the settings to set (llm/llm_factory.h).
  absl::StatusOr<llm::LlmRuntime> llm = absl::UnavailableError("LLM not configured");
  int llm_candidates = 50;  // llm.candidates: a scoring run's default limit
  // An LLM configured and llm.ideal_postings on: profile saves queue llm.ideal_postings, and the
  // fastText query folds them in by ideal_postings_weight (0 otherwise: rank/ideal_postings.h).
  bool ideal_postings = false;
  double ideal_postings_weight = 0;
};

absl::StatusOr<AppServices> BuildAppServices(store::Database& db, const common::Config& config);

// Where versioned fastText models live: <state_dir>/models.
std::string ModelsDir(const common::Config& config);

// The fastText engine's options from the embed.* and index.* keys (serve's and `jobrec
// recommend`'s engine). Errors: those keys' cross-checks (InvalidArgument naming the key).
absl::StatusOr<rank::FastTextServiceOptions> FastTextOptionsFromConfig(const common::Config& config);

// The share of the LLM's ideal postings in the fastText query (rank/ideal_postings.h):
// llm.ideal_postings_weight when an LLM is configured (`llm_configured`) and llm.ideal_postings
// is on, else 0 (no postings are generated). serve's API, `jobrec recommend` and a scoring run's
// candidates use it, so the three find the same postings.
double IdealPostingsWeight(const llm::LlmOptions& options, bool llm_configured);

// Every /api/v1 route of the application.
void AddApplicationRoutes(api::Router& router, AppServices& services);

// Gauges for /metrics: database pool use and task queue depth by kind and state.
std::vector<api::MetricsCollector> ApplicationMetrics(store::Database& db);

}  // namespace jobrec::cli
