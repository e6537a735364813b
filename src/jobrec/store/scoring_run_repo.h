// LLM scoring runs and LLM spend (sql/migrations/0040_llm.sql).
//
// Two audiences: the API calls Create / Get / Cancel / TodaySpend / AdminSpend, which run as
// jobrec_api (or jobrec_admin) through the migration's SQL functions under row-level
// security; the scoring-run task (tasks/scoring_run_task.h) calls the rest as the owner role,
// naming the run's user in every statement. Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

// The task kind that works through a run; payload {"run_id": N}.
inline constexpr char kScoringRunTaskKind[] = "llm.scoring_run";

struct ScoringRunRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string engine;  // "llm" | "hybrid"
  int profile_version = 0;
  int requested_limit = 0;
  std::string state;  // queued | running | done | failed | cancelled | budget_exhausted
  int total = 0;
  int done = 0;
  int failed = 0;
  int64_t tokens_in = 0;
  int64_t tokens_out = 0;
  double cost = 0;  // USD
  std::string error;
};

// What one finished item adds to its run.
struct ScoringItemProgress {
  bool scored = false;
  bool failed = false;
  int64_t tokens_in = 0;
  int64_t tokens_out = 0;
  double cost = 0;
  int calls = 0;
};

struct SpendRow {
  std::string key;  // "2026-11-27" (by day) or the user's email (by user)
  int64_t user_id = 0;  // by user only
  int64_t tokens = 0;
  double cost = 0;
  int64_t calls = 0;
};

struct LlmSpendReport {
  int64_t today_tokens = 0;
  double today_cost = 0;
  std::vector<SpendRow> by_day;   // newest first
  std::vector<SpendRow> by_user;  // most expensive first
};

// Final run states.
bool IsFinalRunState(const std::string& state);

class ScoringRunRepo {
 public:
  explicit ScoringRunRepo(Database& db) : db_(db) {}

  // --- API, as the user ---
  // A queued run for the user's current profile version; FailedPrecondition when the user has
  // no profile yet. `engine` and `limit` must already be valid (the table checks them again).
  absl::StatusOr<int64_t> Create(int64_t user_id, const std::string& engine, int limit);
  // nullopt when the user has no run with this id (another user's run included).
  absl::StatusOr<std::optional<ScoringRunRecord>> Get(int64_t user_id, int64_t run_id);
  // The state after cancelling (unchanged when the run already ended); nullopt when the user
  // has no run with this id.
  absl::StatusOr<std::optional<std::string>> Cancel(int64_t user_id, int64_t run_id);
  // --- API, as an administrator (jobrec_admin) ---
  absl::StatusOr<LlmSpendReport> AdminSpend(int64_t admin_user_id, int days);

  // --- the scoring-run task, as the owner ---
  // The run and the profile JSON of its profile version; nullopt when the run is gone.
  absl::StatusOr<std::optional<std::pair<ScoringRunRecord, nlohmann::json>>> LoadForTask(int64_t run_id);
  // Marks the run running with `total` items; false when it is no longer queued or running
  // (cancelled meanwhile), in which case nothing changes.
  absl::StatusOr<bool> Start(int64_t run_id, int total);
  // Adds one item's outcome to the run and its tokens to the user's daily usage; returns the
  // run's state afterwards (the task stops when it says cancelled).
  absl::StatusOr<std::string> RecordItem(int64_t run_id, int64_t user_id,
                                         const ScoringItemProgress& item);
  absl::StatusOr<std::string> State(int64_t run_id);
  // Ends the run in `state` with `error` (empty: none) unless it already ended (a cancel
  // wins). Returns the final state.
  absl::StatusOr<std::string> Finish(int64_t run_id, const std::string& state,
                                     const std::string& error);

  // --- the daily budget (llm::Budget over PostgreSQL) ---
  // Adds `cost` USD to the user's spend of today (UTC).
  absl::Status AddSpend(int64_t user_id, double cost);
  // Adds tokens and calls outside a scoring run (ideal postings, keywords) to today's usage;
  // RecordItem does the same for a run's items.
  absl::Status AddUsage(int64_t user_id, int64_t tokens_in, int64_t tokens_out, int calls);
  // The user's spend of today (UTC) in USD.
  absl::StatusOr<double> SpentToday(int64_t user_id);

 private:
  Database& db_;
};

}  // namespace jobrec::store
