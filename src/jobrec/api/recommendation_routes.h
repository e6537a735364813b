// GET /api/v1/recommendations and GET /api/v1/engines.
//
//   GET /api/v1/recommendations?engine=fasttext&limit=20&remote=&location=&min_salary=
//       &posted_within_days=          (signed in)
//   -> {"engine":"fasttext","items":[{"job":{…PostingJson…},"score":0.83,"score_10":8.3,
//       "scored":true,"explanation":{"matched":[…],"missing":[…]}}]}
//
// engine=llm: the postings scored by LLM scoring runs for the current profile version, by LLM
// score, with "explanation": {"justification", "matched", "missing", "dealbreakers"}; then,
// reported with "scored": false and a null score (not dropped), failed scorings (explanation
// {"failure"}) and fastText candidates not scored yet. engine=hybrid: the fastText candidates
// ordered by rank::HybridBlend of retrieval and LLM score, unscored ones after. Both answer 409
// llm_not_configured (naming the settings) without an LLM; hybrid needs fastText ready (503).
// Reviewed postings are left out; the filters apply to the fastText candidates.
//
// Parameters: engine (fasttext | llm | hybrid), limit 1..100
// (default 20), remote onsite|hybrid|remote|any (default: the profile's preference),
// location (repeatable: "Berlin, DE", "DE" or "Berlin"), min_salary (annual amount >= 0),
// posted_within_days 1..3650. A bad value is 400 naming the parameter; no profile yet is 409;
// the engine still warming up is 503.
//
//   GET /api/v1/engines -> {"engines":[{"name":"fasttext","available":true}, {"name":"llm",
//       "available":false,"reason":"…"}, {"name":"hybrid",…}]}
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

struct RecommendationServices {
  store::Database& db;
  const rank::FastTextService& fasttext;
  // engine=llm and engine=hybrid: OK when an LLM is configured, with the model and prompt
  // version whose stored scores they read; otherwise the status naming the settings to set.
  absl::Status llm_status =
      absl::UnavailableError("Set JOBREC_LLM_PROVIDER, JOBREC_LLM_API_KEY and JOBREC_LLM_MODEL");
  std::string llm_model;
  std::string llm_prompt_version;
  int llm_candidates = 50;  // fastText candidates the llm/hybrid engines consider (llm.candidates)
  // The LLM's ideal postings' share of the fastText query (rank/ideal_postings.h); 0: not folded in.
  double ideal_postings_weight = rank::kDefaultIdealPostingsWeight;
};

// The database and the service must outlive the router.
void AddRecommendationRoutes(Router& router, const RecommendationServices& services);

}  // namespace jobrec::api
