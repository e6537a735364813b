#include "jobrec/llm/budget.h"

#include <memory>

namespace jobrec::llm {

bool CappedBudget::TryReserve(double estimated_usd) {
  std::lock_guard lock(mu_);
  if (spent_usd_ + held_usd_ + estimated_usd > limit_usd_) return false;
  held_usd_ += estimated_usd;
  return true;
}

void CappedBudget::Commit(double reserved_usd, double actual_usd) {
  std::lock_guard lock(mu_);
  held_usd_ -= reserved_usd;
  spent_usd_ += actual_usd;
}

double CappedBudget::spent_usd() const {
  std::lock_guard lock(mu_);
  return spent_usd_;
}

CallAccounting BudgetAccounting(Budget* budget, const Pricing& pricing) {
  if (budget == nullptr) return {};
  auto reserved = std::make_shared<double>(0.0);
  return {
      .reserve =
          [budget, pricing, reserved](const Usage& estimate) {
            const double cost = CostUsd(estimate, pricing);
            if (!budget->TryReserve(cost)) return false;
            *reserved = cost;
            return true;
          },
      .commit =
          [budget, pricing, reserved](const Usage& actual) {
            budget->Commit(*reserved, CostUsd(actual, pricing));
            *reserved = 0.0;
          },
  };
}

}  // namespace jobrec::llm
