// The learned ranker's model: a linear scorer over (user, posting) features. One global model
// is fitted on everyone's ratings; each user's model is fitted on that user's ratings with a
// ridge penalty toward the global weights, so a user with three ratings stays close to the
// global model and one with hundreds is free to differ (shrinkage).
// Pure functions; thread-safe.
#pragma once

#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::feedback {

struct Example {
  std::vector<double> features;
  double target = 0;  // the rating mapped to [0, 1]
};

struct LinearModel {
  std::vector<double> weights;  // one per feature
  double bias = 0;
  double Score(const std::vector<double>& features) const;
};

// Minimises sum (target - w.x - b)^2 + lambda * |w - prior.weights|^2 (bias unpenalised,
// pulled to prior.bias with the same lambda). With no examples returns the prior.
// InvalidArgument when feature lengths disagree.
absl::StatusOr<LinearModel> FitRidge(const std::vector<Example>& examples, const LinearModel& prior,
                                     double lambda);

}  // namespace jobrec::feedback
