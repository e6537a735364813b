#include "jobrec/rank/ranker_training.h"

#include <algorithm>
#include <unordered_map>

#include "jobrec/common/log.h"
#include "jobrec/feedback/learned_part.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/ranker_signals.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/ranker_model_repo.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::rank {
namespace {

constexpr int kMaxReviewsPerUser = 10000;

struct UserRatings {
  int64_t user_id = 0;
  std::vector<feedback::RatedFeatures> ratings;
};

// The user's ratings with their features; empty when the user has no profile that parses.
absl::StatusOr<UserRatings> LoadUserRatings(store::Database& db, const embed::SentenceEmbedder& embedder,
                                            const std::string& model_version, int64_t user_id) {
  UserRatings out{.user_id = user_id};
  JOBREC_ASSIGN_OR_RETURN(const auto stored, store::ProfileRepo(db).Get(user_id));
  if (!stored) return out;
  const absl::StatusOr<profile::Profile> profile = profile::ProfileFromJson(stored->data);
  if (!profile.ok()) {
    log::Warn("ranker_profile_unparsable", {{"user_id", user_id}, {"error", profile.status().ToString()}});
    return out;
  }
  JOBREC_ASSIGN_OR_RETURN(const auto reviews,
                          store::ReviewRepo(db).List(user_id, std::nullopt, kMaxReviewsPerUser));
  std::vector<int64_t> ids;
  for (const auto& review : reviews) {
    if (feedback::TeachingScore(review)) ids.push_back(review.posting_id);
  }
  JOBREC_ASSIGN_OR_RETURN(const auto llm_scores, store::LlmScoreRepo(db).LatestScores(user_id, stored->version));
  JOBREC_ASSIGN_OR_RETURN(const auto features,
                          UserRankerFeatures(db, model_version, user_id, *profile,
                                             ProfileVector(embedder, *profile), reviews, ids, llm_scores));
  for (const auto& review : reviews) {
    const auto score = feedback::TeachingScore(review);
    const auto it = features.find(review.posting_id);
    if (score && it != features.end()) out.ratings.push_back({it->second, *score});
  }
  return out;
}

std::vector<int64_t> IdsOf(const std::vector<index::SearchHit>& hits) {
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  return ids;
}

}  // namespace

absl::StatusOr<RankerTrainingResult> TrainAndStoreRankers(store::Database& db,
                                                          const embed::SentenceEmbedder& embedder,
                                                          const std::string& model_version,
                                                          const RankerTrainingOptions& options) {
  store::RankerModelRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(const auto user_ids, repo.UsersWithRatings());
  std::vector<UserRatings> users;
  std::vector<feedback::RatedFeatures> all;
  for (const int64_t user_id : user_ids) {
    JOBREC_ASSIGN_OR_RETURN(UserRatings user, LoadUserRatings(db, embedder, model_version, user_id));
    if (user.ratings.empty()) continue;
    all.insert(all.end(), user.ratings.begin(), user.ratings.end());
    users.push_back(std::move(user));
  }
  RankerTrainingResult result{.ratings = static_cast<int>(all.size())};
  if (result.ratings < options.min_global_ratings) return result;
  JOBREC_ASSIGN_OR_RETURN(const feedback::LinearModel global, feedback::TrainGlobalRanker(all, options.ranker));
  JOBREC_RETURN_IF_ERROR(repo.PutGlobal({.model_version = model_version,
                                         .model = feedback::RankerModelToJson(global),
                                         .ratings_used = result.ratings}));
  for (const auto& user : users) {
    JOBREC_ASSIGN_OR_RETURN(const feedback::LinearModel own,
                            feedback::TrainUserRanker(global, user.ratings, options.ranker));
    JOBREC_RETURN_IF_ERROR(repo.PutUser(user.user_id, {.model_version = model_version,
                                                       .model = feedback::RankerModelToJson(own),
                                                       .ratings_used = static_cast<int>(user.ratings.size())}));
    ++result.users;
  }
  result.stored = true;
  return result;
}

absl::StatusOr<std::optional<feedback::LinearModel>> RankerModelFor(store::Database& db, int64_t user_id,
                                                                    const std::string& model_version) {
  store::RankerModelRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(auto stored, repo.GetUser(user_id));
  if (!stored || stored->model_version != model_version) {
    JOBREC_ASSIGN_OR_RETURN(stored, repo.GetGlobal());
  }
  if (!stored || stored->model_version != model_version) return std::nullopt;
  absl::StatusOr<feedback::LinearModel> model = feedback::RankerModelFromJson(stored->model);
  if (!model.ok()) {
    log::Warn("ranker_model_unusable", {{"user_id", user_id}, {"error", model.status().ToString()}});
    return std::nullopt;
  }
  return *std::move(model);
}

absl::StatusOr<RankerInputs> LoadHitsRankerInputs(store::Database& db, const std::string& model_version,
                                                  int64_t user_id, const std::vector<index::SearchHit>& hits) {
  JOBREC_ASSIGN_OR_RETURN(const auto reviews, store::ReviewRepo(db).List(user_id, std::nullopt, kMaxReviewsPerUser));
  return LoadRankerInputs(db, model_version, user_id, reviews, IdsOf(hits));
}

absl::StatusOr<std::vector<index::SearchHit>> RerankHits(store::Database& db, int64_t user_id,
                                                         const feedback::LinearModel& model,
                                                         const RankerCandidates& candidates,
                                                         std::vector<index::SearchHit> hits) {
  JOBREC_ASSIGN_OR_RETURN(const auto stored, store::ProfileRepo(db).Get(user_id));
  std::unordered_map<int64_t, int> llm_scores;
  if (stored) {
    JOBREC_ASSIGN_OR_RETURN(llm_scores, store::LlmScoreRepo(db).LatestScores(user_id, stored->version));
  }
  const auto features = candidates.Features(IdsOf(hits), llm_scores);
  std::vector<index::SearchHit> scored, unscored;
  std::vector<std::vector<double>> rows;
  for (const auto& hit : hits) {
    const auto it = features.find(hit.posting_id);
    if (it == features.end()) {
      unscored.push_back(hit);
      continue;
    }
    scored.push_back(hit);
    rows.push_back(it->second);
  }
  std::vector<index::SearchHit> ordered;
  for (const size_t i : feedback::RankCandidates(model, rows)) ordered.push_back(scored[i]);
  ordered.insert(ordered.end(), unscored.begin(), unscored.end());
  return ordered;
}

std::vector<RankedPosting> LearnedHybridOrder(const RankerCandidates& ranker_candidates,
                                              const feedback::LinearModel& model,
                                              const std::vector<store::LlmScoreRow>& scores,
                                              const std::vector<index::SearchHit>& candidates, size_t limit) {
  std::unordered_map<int64_t, const store::LlmScoreRow*> rows;
  std::unordered_map<int64_t, int> llm_scores;
  for (const auto& row : scores) {
    rows[row.posting_id] = &row;
    if (row.score) llm_scores[row.posting_id] = *row.score;
  }
  const auto features = ranker_candidates.Features(IdsOf(candidates), llm_scores);
  std::vector<RankedPosting> with_features, without;
  std::vector<std::vector<double>> feature_rows;
  for (const auto& hit : candidates) {
    RankedPosting ranked{.posting_id = hit.posting_id, .retrieval = hit.score};
    if (const auto row = rows.find(hit.posting_id); row != rows.end()) {
      ranked.llm = *row->second;
      ranked.scored = row->second->score.has_value();
    }
    const auto it = features.find(hit.posting_id);
    if (it == features.end()) {
      without.push_back(std::move(ranked));
      continue;
    }
    ranked.score = std::clamp(model.Score(it->second), 0.0, 1.0);
    with_features.push_back(std::move(ranked));
    feature_rows.push_back(it->second);
  }
  std::vector<RankedPosting> out;
  for (const size_t i : feedback::RankCandidates(model, feature_rows)) out.push_back(with_features[i]);
  out.insert(out.end(), without.begin(), without.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace jobrec::rank
