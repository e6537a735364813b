// The LLM batch executor's Budget and ScoreCache over PostgreSQL (sql/migrations/0040_llm.sql),
// for one scoring run of one user.
//
// PgDailyBudget: the user's spend of today (UTC) in llm_usage, plus what this run holds for
// calls in flight, must stay within the daily limit. Each settled call's actual cost is added
// to llm_usage at once, so other runs of the same user see it. Holds are per process: two runs
// of one user on two workers at the same moment can overshoot by at most the other's calls in
// flight (at most llm.max_concurrency estimated calls).
//
// PgScoreCache: llm_scores keyed by (user, posting, profile version, model, prompt version).
// The executor knows an item by its prompt fingerprint only, so the cache is given the
// fingerprint -> posting ids map of the batch (from Scorer::BuildPrompt). A scored row answers;
// a failed one does not (it is asked again).
//
// Thread-safety: both are called from the executor's worker threads and are thread-safe.
// Database errors never crash a batch: the budget refuses (and keeps the error for status()),
// the cache misses on a failed read and logs a failed write.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/llm/budget.h"
#include "jobrec/llm/scoring_executor.h"
#include "jobrec/store/database.h"
#include "jobrec/store/llm_score_repo.h"

namespace jobrec::tasks {

class PgDailyBudget final : public llm::Budget {
 public:
  // `daily_limit_usd` <= 0: no limit (spend is still recorded).
  PgDailyBudget(store::Database& db, int64_t user_id, double daily_limit_usd);
  bool TryReserve(double estimated_usd) override;
  void Commit(double reserved_usd, double actual_usd) override;
  // The first database error met, if any.
  absl::Status status() const;

 private:
  store::Database& db_;
  const int64_t user_id_;
  const double limit_usd_;
  mutable std::mutex mu_;  // serialises reservations so two threads cannot both fit the last slot
  double held_usd_ = 0;
  absl::Status status_;
};

// The part of the cache key the batch shares.
struct ScoreCacheScope {
  int64_t user_id = 0;
  int profile_version = 0;
  std::string model;
  std::string prompt_version;
  std::optional<int64_t> run_id;  // recorded with each stored row
};

class PgScoreCache final : public llm::ScoreCache {
 public:
  PgScoreCache(store::Database& db, ScoreCacheScope scope,
               std::map<std::string, std::vector<int64_t>> postings_by_fingerprint);
  std::optional<llm::ScoreResult> Lookup(const std::string& cache_key) override;
  void Store(const std::string& cache_key, const llm::ItemResult& result) override;

 private:
  store::LlmScoreKey KeyOf(int64_t posting_id) const;

  store::Database& db_;
  const ScoreCacheScope scope_;
  const std::map<std::string, std::vector<int64_t>> postings_by_fingerprint_;
};

}  // namespace jobrec::tasks
