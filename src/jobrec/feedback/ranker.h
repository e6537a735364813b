// The learned ranker: a linear model over ranker_features.h, fitted in two stages. The global
// model is a ridge regression of everyone's ratings on their features; a person's model is
// fitted on their own ratings with a ridge penalty toward the global weights (shrunk_ridge.h),
// so three ratings barely move it and hundreds can make it their own. Candidates from an
// engine are then ordered by the person's model.
//
// Models serialise to JSON keyed by feature name, so a model stored under another feature set
// is rejected instead of silently misread.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/feedback/shrunk_ridge.h"

namespace jobrec::feedback {

struct RatedFeatures {
  std::vector<double> features;  // RankerFeatures() of the pair when it was shown
  double score = 0;              // 1..10; "not interested" counts as 1
};

struct RankerOptions {
  // Penalty of the global model toward zero weights; small, since everyone's ratings are many.
  double global_lambda = 1.0;
  // Penalty of a person's weights toward the global ones, in "ratings": with about this many
  // ratings a person's own evidence weighs as much as the global model.
  double user_lambda = 20.0;
};

// The regression target of a rating: (score - 1) / 9, clamped to [0, 1].
double RatingTarget(double score);

// Fits the global model on everyone's ratings. With no ratings: all-zero weights.
// InvalidArgument when a rating's feature count differs from RankerFeatureNames().
absl::StatusOr<LinearModel> TrainGlobalRanker(const std::vector<RatedFeatures>& ratings,
                                              const RankerOptions& options = {});

// Fits a person's model, shrunk toward `global`. With no ratings: `global` itself.
// InvalidArgument when a rating's or the global model's feature count is wrong.
absl::StatusOr<LinearModel> TrainUserRanker(const LinearModel& global,
                                            const std::vector<RatedFeatures>& ratings,
                                            const RankerOptions& options = {});

// Candidate indices ordered by the model's score, best first; ties keep the input order
// (which is the engine's order).
std::vector<size_t> RankCandidates(const LinearModel& model,
                                   const std::vector<std::vector<double>>& candidate_features);

// {"version": 1, "bias": b, "weights": {"title_similarity": w, ...}}.
nlohmann::json RankerModelToJson(const LinearModel& model);
// InvalidArgument (naming the field) when the JSON is not such an object, a number is not
// finite, or the weights' names differ from RankerFeatureNames().
absl::StatusOr<LinearModel> RankerModelFromJson(const nlohmann::json& json);

}  // namespace jobrec::feedback
