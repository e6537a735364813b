// The spending gate consulted around every LLM call. The per-user daily budget kept in
// PostgreSQL implements Budget in the layer that owns the database; CappedBudget is an
// in-memory one for a single run (CLI, tests, benchmarks).
#pragma once

#include <mutex>

#include "jobrec/llm/cost.h"
#include "jobrec/llm/structured_call.h"

namespace jobrec::llm {

class Budget {
 public:
  virtual ~Budget() = default;
  // Holds `estimated_usd` for one call about to be made; false when that would exceed the
  // budget (the call is then not made). Must be thread-safe: a batch reserves from several
  // threads.
  virtual bool TryReserve(double estimated_usd) = 0;
  // Settles one successful TryReserve: releases the hold of `reserved_usd` and charges what
  // the call actually cost (from the tokens the provider reported; 0 when it failed).
  virtual void Commit(double reserved_usd, double actual_usd) = 0;
};

// At most `limit_usd` spent plus held at any time. Thread-safe.
class CappedBudget final : public Budget {
 public:
  explicit CappedBudget(double limit_usd) : limit_usd_(limit_usd) {}
  bool TryReserve(double estimated_usd) override;
  void Commit(double reserved_usd, double actual_usd) override;
  double spent_usd() const;

 private:
  const double limit_usd_;
  mutable std::mutex mu_;
  double spent_usd_ = 0;
  double held_usd_ = 0;
};

// Accounting hooks that reserve each call's estimated cost from `budget` at `pricing` and
// commit its actual cost. With a null budget every call is allowed. The hooks of one value
// must be used for one outcome at a time (calls within an outcome are sequential).
CallAccounting BudgetAccounting(Budget* budget, const Pricing& pricing);

}  // namespace jobrec::llm
