#include "jobrec/api/recommendation_routes.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "jobrec/api/http_error.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/user_feedback.h"
#include "jobrec/rank/llm_ranking.h"
#include "jobrec/rank/ranker_training.h"
#include "jobrec/rank/recommendation_filter.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/review_repo.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/profile_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

// The query's filters (rank/recommendation_filter.h checks their values).
absl::StatusOr<index::SearchFilter> FilterOf(const Request& req, const profile::Profile& profile) {
  rank::RecommendationFilterRequest request{.remote = req.Query("remote"),
                                            .locations = req.QueryAll("location")};
  if (auto value = req.Query("min_salary")) {
    double amount = 0;
    if (!absl::SimpleAtod(*value, &amount)) {
      return common::InvalidField("min_salary", "must be an annual amount >= 0");
    }
    request.min_salary = amount;
  }
  if (req.Query("posted_within_days")) {
    JOBREC_ASSIGN_OR_RETURN(int64_t days, req.QueryInt("posted_within_days", 0, 1, 3650));
    request.posted_within_days = static_cast<int>(days);
  }
  return rank::RecommendationFilter(profile, request);
}

// The JSON of one posting of the llm or hybrid engine.
json LlmItemJson(const store::StoredPosting& posting, const rank::RankedPosting& ranked) {
  json item = {{"job", PostingJson(posting)}, {"scored", ranked.scored}, {"score", nullptr}, {"score_10", nullptr}};
  if (ranked.score) {
    item["score"] = std::round(*ranked.score * 1000) / 1000;
    item["score_10"] = std::round(*ranked.score * 100) / 10;
  }
  if (ranked.retrieval) item["retrieval_score"] = std::round(*ranked.retrieval * 1000) / 1000;
  if (!ranked.llm) {
    item["explanation"] = nullptr;  // not scored yet: a scoring run would score it
  } else if (ranked.llm->score) {
    item["explanation"] = {{"justification", ranked.llm->justification},
                           {"matched", ranked.llm->matched_skills},
                           {"missing", ranked.llm->missing_skills},
                           {"dealbreakers", ranked.llm->dealbreakers}};
  } else {
    item["explanation"] = {{"justification", nullptr}, {"failure", ranked.llm->failure}};
  }
  return item;
}

// engine=llm | hybrid (rank/llm_ranking.h).
absl::StatusOr<Response> RecommendLlm(const RecommendationServices& services, const Request& req,
                                      const std::string& engine_name) {
  if (!services.llm_status.ok()) {
    return WithHttpError(absl::FailedPreconditionError(services.llm_status.message()), 409,
                         "llm_not_configured");
  }
  JOBREC_ASSIGN_OR_RETURN(const int64_t limit, req.QueryInt("limit", 20, 1, 100));
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(auto stored, store::ProfileRepo(services.db).Get(user_id));
  if (!stored) {
    return absl::FailedPreconditionError(
        "no profile yet: fill in your profile (at least one target job title) first");
  }
  JOBREC_ASSIGN_OR_RETURN(profile::Profile profile, profile::ProfileFromJson(stored->data));
  JOBREC_ASSIGN_OR_RETURN(index::SearchFilter filter, FilterOf(req, profile));

  // The fastText candidates, with the learned ranker and their features' makings when one
  // ordered them: the hybrid order below reuses them rather than reading and computing again.
  rank::UserRecommendations found;
  const std::vector<index::SearchHit>& candidates = found.hits;
  const std::shared_ptr<const rank::FastTextEngine> engine = services.fasttext.Engine();
  if (engine) {
    const size_t wanted = std::max<size_t>(static_cast<size_t>(limit), static_cast<size_t>(services.llm_candidates));
    JOBREC_ASSIGN_OR_RETURN(found, rank::UserRecommendationsFor(services.db, *engine, user_id, profile, filter,
                                                                wanted, services.ideal_postings_weight));
  } else if (engine_name == "hybrid") {
    return absl::UnavailableError(
        absl::StrCat("engine warming up (", services.fasttext.Status(), "): try again shortly"));
  }
  store::LlmScoreRepo scores_repo(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto scores, scores_repo.ForProfile(user_id, stored->version, services.llm_model,
                                                              services.llm_prompt_version));
  JOBREC_ASSIGN_OR_RETURN(auto reviewed, store::ReviewRepo(services.db).ReviewedPostingIds(user_id));
  const std::unordered_set<int64_t> left_out(reviewed.begin(), reviewed.end());
  std::erase_if(scores, [&](const store::LlmScoreRow& row) { return left_out.contains(row.posting_id); });
  // Over-fetch: postings hidden since they were scored are skipped below.
  const size_t room = static_cast<size_t>(limit) * 2;
  std::vector<rank::RankedPosting> ranked;
  if (engine_name == "llm") {
    ranked = rank::LlmOrder(scores, candidates, room);
  } else {
    // With a learned ranker the hybrid order is the ranker's (issue #7 point 3), else the blend.
    if (found.ranker) {
      ranked = rank::LearnedHybridOrder(*found.ranker_candidates, *found.ranker, scores, candidates, room);
    } else {
      ranked = rank::HybridOrder(scores, candidates, room);
    }
  }
  std::vector<int64_t> ids;
  for (const auto& r : ranked) ids.push_back(r.posting_id);
  JOBREC_ASSIGN_OR_RETURN(auto postings, store::PostingReader(services.db).GetVisible(user_id, ids));
  // Accepted rules apply to stored scores too (issue #7).
  JOBREC_ASSIGN_OR_RETURN(const rank::UserFeedback feedback, rank::LoadUserFeedback(services.db, user_id));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& p : postings) by_id[p.id] = &p;
  json items = json::array();
  for (const auto& r : ranked) {
    if (items.size() == static_cast<size_t>(limit)) break;
    auto it = by_id.find(r.posting_id);
    if (it != by_id.end() && rank::Admits(feedback, profile, *it->second)) {
      items.push_back(LlmItemJson(*it->second, r));
    }
  }
  return Response::Json({{"engine", engine_name}, {"profile_version", stored->version}, {"items", std::move(items)}});
}

absl::StatusOr<Response> Recommend(const RecommendationServices& services, const Request& req) {
  const std::string engine_name = req.Query("engine").value_or("fasttext");
  if (engine_name == "llm" || engine_name == "hybrid") return RecommendLlm(services, req, engine_name);
  if (engine_name != "fasttext") {
    return common::InvalidField("engine", "must be fasttext, llm or hybrid");
  }
  JOBREC_ASSIGN_OR_RETURN(const int64_t limit, req.QueryInt("limit", 20, 1, 100));
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  store::ProfileRepo profiles(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto stored, profiles.Get(user_id));
  if (!stored) {
    return absl::FailedPreconditionError(
        "no profile yet: fill in your profile (at least one target job title) first");
  }
  JOBREC_ASSIGN_OR_RETURN(profile::Profile profile, profile::ProfileFromJson(stored->data));
  JOBREC_ASSIGN_OR_RETURN(index::SearchFilter filter, FilterOf(req, profile));

  const std::shared_ptr<const rank::FastTextEngine> engine = services.fasttext.Engine();
  if (!engine) {
    return absl::UnavailableError(
        absl::StrCat("engine warming up (", services.fasttext.Status(), "): try again shortly"));
  }
  // The learned profile part; reviewed postings left out; accepted rules (issue #7).
  JOBREC_ASSIGN_OR_RETURN(auto hits, rank::RecommendForUser(services.db, *engine, user_id, profile, filter,
                                                            static_cast<size_t>(limit),
                                                            services.ideal_postings_weight));
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  store::PostingReader reader(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto postings, reader.GetVisible(user_id, ids));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& p : postings) by_id[p.id] = &p;

  json items = json::array();
  for (const auto& hit : hits) {
    auto it = by_id.find(hit.posting_id);
    if (it == by_id.end()) continue;  // hidden since the index was built
    const double score = std::clamp(static_cast<double>(hit.score), 0.0, 1.0);
    const rank::Explanation explanation =
        engine->Explain(profile, it->second->title, it->second->description);
    items.push_back({{"job", PostingJson(*it->second)},
                     {"score", std::round(score * 1000) / 1000},
                     {"score_10", std::round(score * 100) / 10},
                     {"scored", true},
                     {"explanation",
                      {{"matched", explanation.matched}, {"missing", explanation.missing}}}});
  }
  return Response::Json({{"engine", "fasttext"}, {"items", std::move(items)}});
}

json Engines(const RecommendationServices& services) {
  json fasttext = {{"name", "fasttext"}, {"available", services.fasttext.Engine() != nullptr}};
  if (!services.fasttext.Engine()) fasttext["reason"] = services.fasttext.Status();
  json llm = {{"name", "llm"}, {"available", services.llm_status.ok()}};
  if (!services.llm_status.ok()) llm["reason"] = std::string(services.llm_status.message());
  json hybrid = {{"name", "hybrid"},
                 {"available", services.llm_status.ok() && services.fasttext.Engine() != nullptr}};
  if (!services.llm_status.ok()) {
    hybrid["reason"] = std::string(services.llm_status.message());
  } else if (!services.fasttext.Engine()) {
    hybrid["reason"] = absl::StrCat("needs the fasttext engine: ", services.fasttext.Status());
  }
  return {{"engines", {fasttext, llm, hybrid}}};
}

}  // namespace

void AddRecommendationRoutes(Router& router, const RecommendationServices& services) {
  router.Get("/api/v1/recommendations", [services](const Request& req) {
    return Recommend(services, req);
  }, {.auth = AuthMode::kRequired});
  router.Get("/api/v1/engines", [services](const Request&) -> absl::StatusOr<Response> {
    return Response::Json(Engines(services));
  }, {.auth = AuthMode::kRequired});
}

}  // namespace jobrec::api
