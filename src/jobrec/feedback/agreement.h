// How well an engine's scores agree with a person's own ratings (the insights page).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <vector>

namespace jobrec::feedback {

// Spearman rank correlation (average ranks for ties); nullopt with fewer than 3 pairs or when
// either side is constant.
std::optional<double> Spearman(const std::vector<double>& engine_scores,
                               const std::vector<double>& ratings);

// Share of the pairs with different ratings that the engine orders the same way (engine ties
// count half); nullopt when no pair has different ratings.
std::optional<double> PairwiseAccuracy(const std::vector<double>& engine_scores,
                                       const std::vector<double>& ratings);

}  // namespace jobrec::feedback
