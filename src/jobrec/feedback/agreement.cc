#include "jobrec/feedback/agreement.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jobrec::feedback {
namespace {

std::vector<double> Ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    double rank = (i + j) / 2.0 + 1;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

std::optional<double> Spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 3) return std::nullopt;
  auto rx = Ranks(x), ry = Ranks(y);
  double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / rx.size();
  double my = std::accumulate(ry.begin(), ry.end(), 0.0) / ry.size();
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx == 0 || syy == 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

std::optional<double> PairwiseAccuracy(const std::vector<double>& scores, const std::vector<double>& ratings) {
  if (scores.size() != ratings.size()) return std::nullopt;
  double agree = 0;
  size_t pairs = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    for (size_t j = i + 1; j < scores.size(); ++j) {
      if (ratings[i] == ratings[j]) continue;
      ++pairs;
      double engine = scores[i] - scores[j], person = ratings[i] - ratings[j];
      if (engine == 0) agree += 0.5;
      else if ((engine > 0) == (person > 0)) agree += 1;
    }
  }
  if (pairs == 0) return std::nullopt;
  return agree / pairs;
}

}  // namespace jobrec::feedback
