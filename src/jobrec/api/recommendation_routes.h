// GET /api/v1/recommendations and GET /api/v1/engines.
//
//   GET /api/v1/recommendations?engine=fasttext&limit=20&remote=&location=&min_salary=
//       &posted_within_days=          (signed in)
//   -> {"engine":"fasttext","items":[{"job":{…PostingJson…},"score":0.83,"score_10":8.3,
//       "scored":true,"explanation":{"matched":[…],"missing":[…]}}]}
//
// Parameters: engine (fasttext; llm and hybrid are reported unavailable), limit 1..100
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
#include "jobrec/store/database.h"

namespace jobrec::api {

struct RecommendationServices {
  store::Database& db;
  const rank::FastTextService& fasttext;
  bool llm_configured = false;  // JOBREC_LLM_PROVIDER, _API_KEY and _MODEL are all set
};

// The database and the service must outlive the router.
void AddRecommendationRoutes(Router& router, const RecommendationServices& services);

}  // namespace jobrec::api
