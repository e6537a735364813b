// The task kind `llm.scoring_run` (store::kScoringRunTaskKind): works through one LLM scoring
// run (POST /api/v1/scoring-runs). Payload {"run_id": N}.
//
// Steps: load the run and the profile of its version; take the top K candidates of the fast
// retrieval for that profile (K = the run's limit) — the fastText engine of the newest model
// under models_dir over the stored vectors, else (no model yet, or the profile has no word the
// model knows) BM25 over the visible postings — leaving out postings the user reviewed; put the
// user's recent reviews with a score as calibration examples into the prompt (the prompt
// renderer keeps the most informative within llm.calibration_max_tokens); then score them with
// the process's LlmRuntime through the executor, with the user's daily budget and the score
// cache in PostgreSQL (tasks/llm_run_hooks.h). Each finished item updates the run's
// done/failed/tokens/cost at once (the progress the API reports).
//
// End states: done (every candidate scored or failed with a reason stored in llm_scores),
// budget_exhausted (the budget refused a call: items not started stay unscored), cancelled
// (DELETE on the run: the task sees it between calls — after each item and by polling while
// calls are in flight — and abandons the calls in flight), failed (no LLM configured, a
// profile that no longer parses; the reason is in the run's error).
//
// Idempotent: a re-run (crashed worker) starts the counters again, and scores already stored
// come from the cache without calls. A worker shutting down abandons the calls in flight and
// hands the task back (CancelledError).
//
// Thread-safety: the handler may run on several worker threads at once; the retrieval engines
// it builds are cached for `engine_ttl` and shared.
#pragma once

#include <chrono>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/index/index_options.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/store/database.h"
#include "jobrec/tasks/task_handler_registry.h"

namespace jobrec::tasks {

struct ScoringRunTaskOptions {
  std::string models_dir;  // <state_dir>/models; "" or no model there: BM25 candidates
  embed::EmbedderOptions embedder;
  index::IndexOptions index;
  double daily_budget_usd = 1.0;  // per user; <= 0: no limit
  int calibration_reviews = 50;   // recent reviews considered for the calibration block
  std::chrono::milliseconds cancel_poll{500};
  std::chrono::milliseconds engine_ttl{std::chrono::minutes(10)};
  // The ideal postings' share of the fastText candidates' query, as the API's
  // (cli/application.h: IdealPostingsWeight; rank/ideal_postings.h).
  double ideal_postings_weight = rank::kDefaultIdealPostingsWeight;
};

// `runtime` not OK (no LLM configured): runs end failed with its message. The Database must
// outlive the registry.
absl::Status RegisterScoringRunTask(TaskHandlerRegistry& registry, store::Database& db,
                                    absl::StatusOr<llm::LlmRuntime> runtime,
                                    ScoringRunTaskOptions options);

}  // namespace jobrec::tasks
