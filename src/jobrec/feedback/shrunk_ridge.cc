#include "jobrec/feedback/shrunk_ridge.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace jobrec::feedback {

double LinearModel::Score(const std::vector<double>& features) const {
  double s = bias;
  for (size_t i = 0; i < weights.size() && i < features.size(); ++i) s += weights[i] * features[i];
  return s;
}

absl::StatusOr<LinearModel> FitRidge(const std::vector<Example>& examples, const LinearModel& prior,
                                     double lambda) {
  const size_t d = prior.weights.size();
  if (examples.empty()) return prior;
  for (size_t i = 0; i < examples.size(); ++i) {
    if (examples[i].features.size() != d) {
      return absl::InvalidArgumentError(absl::StrCat("example ", i, " has ", examples[i].features.size(),
                                                     " features, the model ", d));
    }
  }
  // Normal equations over [w; b]: (X'X + lambda I) theta = X'y + lambda theta_prior.
  const size_t n = d + 1;
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (const auto& ex : examples) {
    for (size_t i = 0; i < n; ++i) {
      double xi = i < d ? ex.features[i] : 1.0;
      for (size_t j = 0; j < n; ++j) a[i][j] += xi * (j < d ? ex.features[j] : 1.0);
      a[i][n] += xi * ex.target;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    a[i][i] += lambda;
    a[i][n] += lambda * (i < d ? prior.weights[i] : prior.bias);
  }
  // Gaussian elimination with partial pivoting; the system is positive definite for lambda > 0.
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-12) return prior;  // degenerate: keep what we had
    std::swap(a[col], a[pivot]);
    for (size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      double f = a[r][col] / a[col][col];
      for (size_t c = col; c <= n; ++c) a[r][c] -= f * a[col][c];
    }
  }
  LinearModel model;
  model.weights.resize(d);
  for (size_t i = 0; i < d; ++i) model.weights[i] = a[i][n] / a[i][i];
  model.bias = a[d][n] / a[d][d];
  return model;
}

}  // namespace jobrec::feedback
