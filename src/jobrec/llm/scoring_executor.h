// Runs a batch of scorings with bounded concurrency, a budget, a cache and cancellation, and
// reports every item's end state. This is what an LLM scoring-run task calls, with the
// process's one LlmRuntime (llm_factory.h; one runtime = one client = one rate limit):
//
//   BatchHooks hooks{.budget = &user_daily_budget,   // Budget over PostgreSQL
//                    .cache = &score_cache,          // ScoreCache over PostgreSQL
//                    .on_item = [&](size_t i, const ItemResult& r) { /* store, progress */ },
//                    .cancelled = &task_cancelled};
//   BatchResult batch = runtime.executor->Run(requests, hooks);
//
// Per item, in a worker thread: cancelled → kCancelled (not started); budget already refused
// → kBudgetExhausted (not started); cache hit → kScored with from_cache and no call; else the
// Scorer's call(s), each reserved from and committed to the budget. The first refusal stops
// every item not yet started (kBudgetExhausted); calls in flight finish. Cancellation abandons
// in-flight HTTP transfers (the HTTP client's cancel flag) and starts nothing new.
//
// Thread-safety: Run() may be called concurrently; the hooks' objects must be thread-safe
// (on_item calls are serialised by the executor).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/llm/budget.h"
#include "jobrec/llm/scorer.h"

namespace jobrec::llm {

enum class ItemState { kScored, kFailed, kBudgetExhausted, kCancelled };
// "scored" | "failed" | "budget_exhausted" | "cancelled".
const char* ItemStateName(ItemState state);

struct ItemResult {
  ItemState state = ItemState::kFailed;
  std::optional<ScoreResult> score;  // set when kScored
  bool from_cache = false;
  std::string reason;  // why it was not scored (kFailed, kBudgetExhausted, kCancelled)
  absl::StatusCode failure_code = absl::StatusCode::kOk;
  std::string cache_key;
  Usage usage;  // tokens of every call made for this item (failed ones included)
  double cost_usd = 0;
  int calls = 0;
  bool repaired = false;
  std::string model;
  std::string prompt_version;
  std::chrono::milliseconds latency{0};
};

struct BatchResult {
  std::vector<ItemResult> items;  // in the order of the requests
  int scored = 0;                 // including from_cache
  int from_cache = 0;
  int failed = 0;
  int budget_exhausted = 0;
  int cancelled = 0;
  Usage usage;
  double cost_usd = 0;
  std::chrono::milliseconds wall_time{0};
};

// Score cache keyed by ScoringPrompt::cache_key. Called from worker threads.
class ScoreCache {
 public:
  virtual ~ScoreCache() = default;
  virtual std::optional<ScoreResult> Lookup(const std::string& cache_key) = 0;
  // Called for every freshly scored item (not for cache hits or failures).
  virtual void Store(const std::string& cache_key, const ItemResult& result) = 0;
};

struct BatchHooks {
  Budget* budget = nullptr;    // null: no budget
  ScoreCache* cache = nullptr;  // null: no cache
  std::function<void(size_t index, const ItemResult& result)> on_item;  // may be empty
  const std::atomic<bool>* cancelled = nullptr;
};

class ScoringExecutor {
 public:
  // `max_concurrency` < 1 is treated as 1.
  ScoringExecutor(std::shared_ptr<const Scorer> scorer, int max_concurrency);

  // Blocks until every item has an end state; never fails as a whole.
  BatchResult Run(const std::vector<ScoringRequest>& requests, const BatchHooks& hooks) const;

 private:
  struct BatchState;
  ItemResult ScoreOne(const ScoringRequest& request, const BatchHooks& hooks,
                      BatchState& state) const;

  std::shared_ptr<const Scorer> scorer_;
  int max_concurrency_;
};

}  // namespace jobrec::llm
