#include "jobrec/feedback/ranker.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "jobrec/feedback/ranker_features.h"

namespace jobrec::feedback {
namespace {

constexpr int kJsonVersion = 1;

std::vector<Example> ToExamples(const std::vector<RatedFeatures>& ratings) {
  std::vector<Example> examples;
  examples.reserve(ratings.size());
  for (const auto& r : ratings) examples.push_back({r.features, RatingTarget(r.score)});
  return examples;
}

}  // namespace

double RatingTarget(double score) { return std::clamp((score - 1) / 9, 0.0, 1.0); }

absl::StatusOr<LinearModel> TrainGlobalRanker(const std::vector<RatedFeatures>& ratings,
                                              const RankerOptions& options) {
  const LinearModel zero{std::vector<double>(RankerFeatureNames().size(), 0.0), 0.0};
  return FitRidge(ToExamples(ratings), zero, options.global_lambda);
}

absl::StatusOr<LinearModel> TrainUserRanker(const LinearModel& global,
                                            const std::vector<RatedFeatures>& ratings,
                                            const RankerOptions& options) {
  if (global.weights.size() != RankerFeatureNames().size()) {
    return absl::InvalidArgumentError(absl::StrCat("the global model has ", global.weights.size(),
                                                   " weights, the ranker ",
                                                   RankerFeatureNames().size(), " features"));
  }
  return FitRidge(ToExamples(ratings), global, options.user_lambda);
}

std::vector<size_t> RankCandidates(const LinearModel& model,
                                   const std::vector<std::vector<double>>& candidate_features) {
  std::vector<double> scores;
  scores.reserve(candidate_features.size());
  for (const auto& features : candidate_features) scores.push_back(model.Score(features));
  std::vector<size_t> order(candidate_features.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

nlohmann::json RankerModelToJson(const LinearModel& model) {
  nlohmann::json weights = nlohmann::json::object();
  const auto& names = RankerFeatureNames();
  for (size_t i = 0; i < names.size() && i < model.weights.size(); ++i) {
    weights[names[i]] = model.weights[i];
  }
  return {{"version", kJsonVersion}, {"bias", model.bias}, {"weights", weights}};
}

absl::StatusOr<LinearModel> RankerModelFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return common::InvalidField("ranker", "must be an object");
  auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer() ||
      version->get<int>() != kJsonVersion) {
    return common::InvalidField("ranker.version", absl::StrCat("must be ", kJsonVersion));
  }
  auto bias = json.find("bias");
  if (bias == json.end() || !bias->is_number() || !std::isfinite(bias->get<double>())) {
    return common::InvalidField("ranker.bias", "must be a finite number");
  }
  auto weights = json.find("weights");
  if (weights == json.end() || !weights->is_object()) {
    return common::InvalidField("ranker.weights", "must be an object");
  }
  const auto& names = RankerFeatureNames();
  if (weights->size() != names.size()) {
    return common::InvalidField("ranker.weights",
                                absl::StrCat("has ", weights->size(), " features, the ranker ",
                                             names.size(), "; retrain the model"));
  }
  LinearModel model{std::vector<double>(names.size(), 0.0), bias->get<double>()};
  for (size_t i = 0; i < names.size(); ++i) {
    auto w = weights->find(names[i]);
    if (w == weights->end()) {
      return common::InvalidField(absl::StrCat("ranker.weights.", names[i]),
                                  "is missing; retrain the model");
    }
    if (!w->is_number() || !std::isfinite(w->get<double>())) {
      return common::InvalidField(absl::StrCat("ranker.weights.", names[i]),
                                  "must be a finite number");
    }
    model.weights[i] = w->get<double>();
  }
  return model;
}

}  // namespace jobrec::feedback
