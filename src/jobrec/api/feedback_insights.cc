#include "jobrec/api/feedback_insights.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/feedback/agreement.h"
#include "jobrec/feedback/comment_rules.h"
#include "jobrec/feedback/ranker.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/feedback/learned_part.h"
#include "jobrec/feedback/rule_proposals.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/posting_vector.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/store/learned_profile_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/ranker_model_repo.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

constexpr int kMaxReviewsRead = 10000;

double Round(double x, double unit) { return std::round(x / unit) * unit; }

// A rated posting and its rating (a score, "not interested" counting as 1).
struct Rated {
  int64_t posting_id;
  double rating;
};

json RatingsOverTime(const std::vector<store::StoredReview>& reviews) {
  struct Day {
    int count = 0;
    int scored = 0;
    double sum = 0;
  };
  std::map<std::string, Day> days;  // "YYYY-MM-DD" sorts by date
  for (const auto& review : reviews) {
    Day& day = days[TimestampJson(store::Timestamp(std::chrono::seconds(review.updated_at_micros / 1000000)))
                        .substr(0, 10)];
    ++day.count;
    if (review.score) {
      ++day.scored;
      day.sum += *review.score;
    }
  }
  json out = json::array();
  for (const auto& [date, day] : days) {
    out.push_back({{"date", date},
                   {"count", day.count},
                   {"mean_score", day.scored ? json(Round(day.sum / day.scored, 0.01)) : json()}});
  }
  return out;
}

// Agreement of `scores` (engine score per posting) with the ratings of `rated`.
json Agreement(const std::string& engine, const std::vector<Rated>& rated,
               const std::unordered_map<int64_t, double>& scores, json& distribution) {
  std::vector<double> engine_scores, ratings;
  for (const auto& r : rated) {
    const auto it = scores.find(r.posting_id);
    if (it == scores.end()) continue;
    engine_scores.push_back(it->second);
    ratings.push_back(r.rating);
    distribution.push_back(Round(std::clamp(it->second, 0.0, 10.0), 0.01));
  }
  int pairs = 0;
  for (size_t i = 0; i < ratings.size(); ++i) {
    for (size_t j = i + 1; j < ratings.size(); ++j) pairs += ratings[i] != ratings[j];
  }
  const auto spearman = feedback::Spearman(engine_scores, ratings);
  const auto accuracy = feedback::PairwiseAccuracy(engine_scores, ratings);
  json out = {{"engine", engine},
              {"spearman", spearman ? json(Round(*spearman, 0.001)) : json()},
              {"pairwise_accuracy", accuracy ? json(Round(*accuracy, 0.001)) : json()},
              {"pairs", pairs},
              {"postings", engine_scores.size()}};
  if (engine_scores.empty()) {
    out["reason"] = "no scores of this engine for your rated postings yet";
  } else if (!spearman || !accuracy) {
    out["reason"] = "needs at least 3 rated postings with different ratings that the engine scores differently";
  }
  return out;
}

json Unavailable(const std::string& engine, const std::string& reason) {
  return {{"engine", engine}, {"spearman", nullptr}, {"pairwise_accuracy", nullptr}, {"pairs", 0},
          {"postings", 0},    {"reason", reason}};
}

// The fastText engine's score of each rated posting: 10 x the cosine of the profile as written.
absl::StatusOr<std::optional<std::unordered_map<int64_t, double>>> FastTextScores(
    store::Database& db, const rank::FastTextEngine& engine, int64_t user_id, const std::vector<Rated>& rated) {
  JOBREC_ASSIGN_OR_RETURN(auto stored, store::ProfileRepo(db).Get(user_id));
  if (!stored) return std::nullopt;
  JOBREC_ASSIGN_OR_RETURN(const profile::Profile profile, profile::ProfileFromJson(stored->data));
  const std::vector<float> query = rank::ProfileVector(engine.embedder(), profile);
  std::vector<int64_t> ids;
  for (const auto& r : rated) ids.push_back(r.posting_id);
  JOBREC_ASSIGN_OR_RETURN(const auto postings, store::LearnedProfileRepo(db).RatedPostings(engine.model_version(), ids));
  std::unordered_map<int64_t, double> scores;
  for (const auto& posting : postings) {
    const std::vector<float> vector = rank::CombinePostingVector(posting.title_vector, posting.description_vector);
    if (vector.size() != query.size()) continue;
    double dot = 0, norm = 0;
    for (size_t i = 0; i < query.size(); ++i) {
      dot += static_cast<double>(query[i]) * vector[i];
      norm += static_cast<double>(vector[i]) * vector[i];
    }
    if (norm > 0) scores[posting.posting_id] = 10 * dot / std::sqrt(norm);
  }
  return scores;
}

json TermsOrEmpty(const json& terms) { return terms.is_array() ? terms : json::array(); }

}  // namespace

json RuleJson(const store::StoredRule& rule) {
  const auto kind = feedback::ParseRuleKind(rule.kind);
  return {{"id", rule.id},
          {"kind", rule.kind},
          {"text", kind ? feedback::RuleDescription(*kind) : rule.kind},
          {"state", rule.state},
          {"evidence", rule.evidence}};
}

absl::StatusOr<json> RulesJson(store::Database& db, int64_t user_id) {
  JOBREC_ASSIGN_OR_RETURN(const auto rules, store::FeedbackRuleRepo(db).List(user_id));
  json out = json::array();
  for (const auto& rule : rules) {
    if (feedback::RuleListed(rule)) out.push_back(RuleJson(rule));
  }
  return out;
}

// learned.feature_weights: [{"name", "user", "global"}] in RankerFeatureNames() order, the
// user's weights (the global ones while the user has no model) against the global ones, of the
// models that re-rank the engine `model_version`'s recommendations; null with
// feature_weights_reason while there are none.
absl::Status AddFeatureWeights(store::Database& db, int64_t user_id, const std::string& model_version,
                               json& learned) {
  store::RankerModelRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(const auto global_row, repo.GetGlobal());
  const auto unavailable = [&learned](const std::string& reason) {
    learned["feature_weights"] = nullptr;
    learned["feature_weights_reason"] = reason;
    return absl::OkStatus();
  };
  if (!global_row || global_row->model_version != model_version) {
    return unavailable("no learned ranker for the current model yet: it is trained once there are enough ratings");
  }
  const absl::StatusOr<feedback::LinearModel> global = feedback::RankerModelFromJson(global_row->model);
  if (!global.ok()) return unavailable("the stored ranker was trained on another feature set");
  JOBREC_ASSIGN_OR_RETURN(const auto user_row, repo.GetUser(user_id));
  absl::StatusOr<feedback::LinearModel> own = *global;
  if (user_row && user_row->model_version == model_version) {
    own = feedback::RankerModelFromJson(user_row->model);
    if (!own.ok()) own = *global;
  }
  json weights = json::array();
  const auto& names = feedback::RankerFeatureNames();
  for (size_t i = 0; i < names.size(); ++i) {
    weights.push_back({{"name", names[i]}, {"user", own->weights[i]}, {"global", global->weights[i]}});
  }
  learned["feature_weights"] = std::move(weights);
  learned["feature_weights_reason"] = nullptr;
  return absl::OkStatus();
}

absl::StatusOr<json> InsightsJson(store::Database& db, const rank::FastTextService& fasttext, int64_t user_id) {
  store::ReviewRepo reviews_repo(db);
  JOBREC_ASSIGN_OR_RETURN(auto reviews, reviews_repo.List(user_id, std::nullopt, kMaxReviewsRead));
  std::vector<Rated> rated;
  for (const auto& review : reviews) {
    if (auto score = feedback::TeachingScore(review)) rated.push_back({review.posting_id, *score});
  }
  json distributions = json::object();
  json agreement = json::array();
  json learned = {{"terms_toward", json::array()}, {"terms_away", json::array()}, {"reviews_used", 0}};
  const std::shared_ptr<const rank::FastTextEngine> engine = fasttext.Engine();
  if (engine) {
    JOBREC_ASSIGN_OR_RETURN(auto scores, FastTextScores(db, *engine, user_id, rated));
    distributions["fasttext"] = json::array();
    agreement.push_back(scores ? Agreement("fasttext", rated, *scores, distributions["fasttext"])
                               : Unavailable("fasttext", "no profile yet"));
    JOBREC_ASSIGN_OR_RETURN(const auto part, rank::CurrentLearnedProfile(db, *engine, user_id));
    learned = {{"terms_toward", TermsOrEmpty(part.terms_toward)},
               {"terms_away", TermsOrEmpty(part.terms_away)},
               {"reviews_used", part.reviews_used}};
    JOBREC_RETURN_IF_ERROR(AddFeatureWeights(db, user_id, engine->model_version(), learned));
  } else {
    agreement.push_back(Unavailable("fasttext", absl::StrCat("engine ", fasttext.Status())));
    learned["feature_weights"] = nullptr;
    learned["feature_weights_reason"] = absl::StrCat("engine ", fasttext.Status());
  }
  JOBREC_ASSIGN_OR_RETURN(const auto llm, reviews_repo.ReviewedLlmScores(user_id));
  if (llm) {
    const std::unordered_map<int64_t, double> scores(llm->begin(), llm->end());
    distributions["llm"] = json::array();
    agreement.push_back(Agreement("llm", rated, scores, distributions["llm"]));
  } else {
    agreement.push_back(Unavailable("llm", "this installation stores no LLM scores (no llm_scores table)"));
  }
  JOBREC_ASSIGN_OR_RETURN(json rules, RulesJson(db, user_id));
  return json{{"ratings_over_time", RatingsOverTime(reviews)},
              {"score_distributions", std::move(distributions)},
              {"engine_agreement", std::move(agreement)},
              {"learned", std::move(learned)},
              {"rules", std::move(rules)}};
}

}  // namespace jobrec::api
