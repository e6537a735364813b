#include "jobrec/llm/scoring_executor.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "jobrec/common/log.h"

namespace jobrec::llm {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

}  // namespace

const char* ItemStateName(ItemState state) {
  switch (state) {
    case ItemState::kScored:
      return "scored";
    case ItemState::kFailed:
      return "failed";
    case ItemState::kBudgetExhausted:
      return "budget_exhausted";
    case ItemState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

struct ScoringExecutor::BatchState {
  std::atomic<size_t> next{0};
  std::atomic<bool> budget_refused{false};
  std::mutex mu;  // serialises on_item and the writes into `result`
  BatchResult result;
};

ScoringExecutor::ScoringExecutor(std::shared_ptr<const Scorer> scorer, int max_concurrency)
    : scorer_(std::move(scorer)), max_concurrency_(std::max(1, max_concurrency)) {}

ItemResult ScoringExecutor::ScoreOne(const ScoringRequest& request, const BatchHooks& hooks,
                                     BatchState& state) const {
  ItemResult item;
  item.prompt_version = scorer_->PromptVersion();
  item.model = scorer_->client().Model();
  if (hooks.cancelled != nullptr && hooks.cancelled->load()) {
    item.state = ItemState::kCancelled;
    item.reason = "batch cancelled before this item started";
    return item;
  }
  if (state.budget_refused.load()) {
    item.state = ItemState::kBudgetExhausted;
    item.reason = "budget exhausted before this item started";
    return item;
  }
  absl::StatusOr<ScoringPrompt> prompt = scorer_->BuildPrompt(request);
  if (!prompt.ok()) {
    item.reason = std::string(prompt.status().message());
    item.failure_code = prompt.status().code();
    return item;
  }
  item.cache_key = prompt->cache_key;
  if (hooks.cache != nullptr) {
    if (std::optional<ScoreResult> cached = hooks.cache->Lookup(item.cache_key)) {
      item.state = ItemState::kScored;
      item.score = std::move(cached);
      item.from_cache = true;
      return item;
    }
  }
  ScoreOutcome outcome =
      scorer_->Score(*prompt, BudgetAccounting(hooks.budget, scorer_->pricing()), hooks.cancelled);
  item.usage = outcome.usage;
  item.cost_usd = outcome.cost_usd;
  item.calls = outcome.calls;
  item.repaired = outcome.repaired;
  item.model = outcome.model;
  if (outcome.result.ok()) {
    item.state = ItemState::kScored;
    item.score = *std::move(outcome.result);
    if (hooks.cache != nullptr) hooks.cache->Store(item.cache_key, item);
    return item;
  }
  item.reason = std::string(outcome.result.status().message());
  item.failure_code = outcome.result.status().code();
  if (outcome.budget_refused) {
    state.budget_refused.store(true);
    item.state = ItemState::kBudgetExhausted;
  } else if (absl::IsCancelled(outcome.result.status())) {
    item.state = ItemState::kCancelled;
  } else {
    item.state = ItemState::kFailed;
  }
  return item;
}

BatchResult ScoringExecutor::Run(const std::vector<ScoringRequest>& requests,
                                 const BatchHooks& hooks) const {
  const Clock::time_point start = Clock::now();
  BatchState state;
  state.result.items.resize(requests.size());
  auto work = [&] {
    for (size_t index = state.next++; index < requests.size(); index = state.next++) {
      const Clock::time_point item_start = Clock::now();
      ItemResult item = ScoreOne(requests[index], hooks, state);
      item.latency = Since(item_start);
      if (item.state == ItemState::kFailed) {
        log::Warn("llm_score_failed", {{"index", index},
                                       {"code", absl::StatusCodeToString(item.failure_code)},
                                       {"reason", item.reason}});
      }
      std::lock_guard lock(state.mu);
      if (hooks.on_item) hooks.on_item(index, item);
      state.result.items[index] = std::move(item);
    }
  };
  {
    std::vector<std::jthread> workers;
    const size_t count = std::min<size_t>(max_concurrency_, requests.size());
    for (size_t i = 0; i < count; ++i) workers.emplace_back(work);
  }  // joins

  BatchResult& result = state.result;
  for (const ItemResult& item : result.items) {
    result.usage += item.usage;
    result.cost_usd += item.cost_usd;
    switch (item.state) {
      case ItemState::kScored:
        ++result.scored;
        result.from_cache += item.from_cache ? 1 : 0;
        break;
      case ItemState::kFailed:
        ++result.failed;
        break;
      case ItemState::kBudgetExhausted:
        ++result.budget_exhausted;
        break;
      case ItemState::kCancelled:
        ++result.cancelled;
        break;
    }
  }
  result.wall_time = Since(start);
  log::Info("llm_batch", {{"items", requests.size()},
                          {"scored", result.scored},
                          {"from_cache", result.from_cache},
                          {"failed", result.failed},
                          {"budget_exhausted", result.budget_exhausted},
                          {"cancelled", result.cancelled},
                          {"input_tokens", result.usage.input_tokens},
                          {"output_tokens", result.usage.output_tokens},
                          {"cost_usd", result.cost_usd},
                          {"wall_ms", result.wall_time.count()},
                          {"model", scorer_->client().Model()},
                          {"prompt_version", scorer_->PromptVersion()}});
  return std::move(state.result);
}

}  // namespace jobrec::llm
