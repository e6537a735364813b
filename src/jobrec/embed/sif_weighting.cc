#include "jobrec/embed/sif_weighting.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jobrec::embed {
namespace {

constexpr int kPowerIterations = 100;
constexpr double kConverged = 1e-10;  // squared change of the unit vector between iterations

}  // namespace

float SifWeight(int64_t count, int64_t total_count, double a) {
  if (total_count <= 0 || count <= 0) return 1.0f;
  const double p = static_cast<double>(count) / static_cast<double>(total_count);
  return static_cast<float>(a / (a + p));
}

std::vector<float> SifWeights(const std::vector<int64_t>& counts, double a) {
  const int64_t total = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  std::vector<float> weights;
  weights.reserve(counts.size());
  for (int64_t count : counts) weights.push_back(SifWeight(count, total, a));
  return weights;
}

std::vector<float> FirstPrincipalComponent(std::span<const float> rows, int dim,
                                           std::span<const float> row_weights) {
  const size_t n = row_weights.size();
  // The dim x dim second-moment matrix; dim is small (<= 1024), the rows many.
  std::vector<double> moment(static_cast<size_t>(dim) * dim, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const float* x = &rows[i * dim];
    const double w = row_weights[i];
    if (w == 0) continue;
    for (int r = 0; r < dim; ++r) {
      const double wx = w * x[r];
      if (wx == 0) continue;
      double* row = &moment[static_cast<size_t>(r) * dim];
      for (int c = 0; c < dim; ++c) row[c] += wx * x[c];
    }
  }
  if (std::all_of(moment.begin(), moment.end(), [](double m) { return m == 0; })) {
    return std::vector<float>(dim, 0.0f);
  }
  // Start from the diagonal's square root, which has weight wherever the matrix does, with
  // uneven factors so that symmetric cases (rows (1, -1)) do not start orthogonal to the
  // answer.
  std::vector<double> u(dim), next(dim);
  double norm = 0;
  for (int r = 0; r < dim; ++r) {
    u[r] = std::sqrt(moment[static_cast<size_t>(r) * dim + r]) * (1.0 + 0.37 * std::sin(r + 1.0));
    norm += u[r] * u[r];
  }
  for (double& x : u) x /= std::sqrt(norm);
  for (int it = 0; it < kPowerIterations; ++it) {
    double next_norm = 0;
    for (int r = 0; r < dim; ++r) {
      const double* row = &moment[static_cast<size_t>(r) * dim];
      double s = 0;
      for (int c = 0; c < dim; ++c) s += row[c] * u[c];
      next[r] = s;
      next_norm += s * s;
    }
    if (!(next_norm > 0)) return std::vector<float>(dim, 0.0f);
    next_norm = std::sqrt(next_norm);
    double change = 0;
    for (int r = 0; r < dim; ++r) {
      next[r] /= next_norm;
      change += (next[r] - u[r]) * (next[r] - u[r]);
    }
    u.swap(next);
    if (change < kConverged) break;
  }
  const auto largest = std::max_element(u.begin(), u.end(), [](double a, double b) {
    return std::abs(a) < std::abs(b);
  });
  const double sign = *largest < 0 ? -1.0 : 1.0;
  std::vector<float> out(dim);
  for (int r = 0; r < dim; ++r) out[r] = static_cast<float>(sign * u[r]);
  return out;
}

void RemoveComponent(std::span<float> v, std::span<const float> u) {
  double dot = 0;
  for (size_t i = 0; i < v.size(); ++i) dot += double(v[i]) * u[i];
  for (size_t i = 0; i < v.size(); ++i) v[i] -= static_cast<float>(dot * u[i]);
}

}  // namespace jobrec::embed
