// LLM scoring runs and the LLM spend report.
//
//   POST   /api/v1/scoring-runs {"engine": "llm"|"hybrid", "limit": 1..500}   (signed in)
//          -> 202 {"id": N}. limit: how many of the fast retrieval's best postings the LLM
//          scores (default llm.candidates). 400 naming the field for a bad engine or limit,
//          409 failed_precondition when the caller has no profile yet, 409 llm_not_configured
//          when no LLM is configured (the message names the settings: JOBREC_LLM_PROVIDER,
//          JOBREC_LLM_MODEL, ...).
//   GET    /api/v1/scoring-runs/{id}
//          -> {"id","engine","state","total","done","failed","tokens","cost","error"}
//          state: queued | running | done | failed | cancelled | budget_exhausted; tokens =
//          input + output tokens, cost in USD. 404 for an unknown id or another user's run.
//   DELETE /api/v1/scoring-runs/{id}  -> the run as GET returns it, cancelled unless it had
//          already ended (the task stops between calls).
//   GET    /api/v1/admin/llm?days=30  (administrators)
//          -> {"today": {"tokens","cost"}, "total": {"tokens","cost"},
//              "by_day": [{"date","tokens","cost","calls"}], "by_user": [{"email","user_id",
//              "tokens","cost","calls"}]} over the last `days` UTC days (1..366).
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::api {

struct ScoringRunServices {
  store::Database& db;
  store::TaskQueue& queue;
  // OK when an LLM is configured; otherwise the factory's Unavailable naming what to set.
  absl::Status llm_status;
  int default_limit = 50;  // llm.candidates
};

// The database and the queue must outlive the router.
void AddScoringRunRoutes(Router& router, const ScoringRunServices& services);

}  // namespace jobrec::api
