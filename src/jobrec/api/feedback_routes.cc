#include "jobrec/api/feedback_routes.h"

#include "absl/strings/numbers.h"
#include "jobrec/api/feedback_insights.h"
#include "jobrec/store/feedback_rule_repo.h"
#include "jobrec/store/learned_profile_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

absl::StatusOr<int64_t> RuleIdOf(const Request& req) {
  const std::string& text = req.PathParam("id");
  int64_t id = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(text, &id) || id < 1) {
    return absl::NotFoundError("no such rule");
  }
  return id;
}

absl::StatusOr<Response> ListRules(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const json rules, RulesJson(db, user_id));
  return Response::Json({{"items", rules}});
}

// Moves rule {id} from `from` to `to`; answers with the rule, or 204 when `to` is "removed".
absl::StatusOr<Response> DecideRule(store::Database& db, const Request& req, const std::vector<std::string>& from,
                                    const std::string& to) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const int64_t id, RuleIdOf(req));
  store::FeedbackRuleRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(const bool changed, repo.Decide(user_id, id, from, to));
  if (!changed) return absl::NotFoundError("no such rule");
  if (to == "removed") return Response::Empty(204);
  JOBREC_ASSIGN_OR_RETURN(const auto rules, repo.List(user_id));
  for (const auto& rule : rules) {
    if (rule.id == id) return Response::Json(RuleJson(rule));
  }
  return absl::NotFoundError("no such rule");
}

}  // namespace

void AddFeedbackRoutes(Router& router, store::Database& db, const rank::FastTextService& fasttext) {
  const RouteOptions signed_in = {.auth = AuthMode::kRequired};
  router.Post("/api/v1/feedback/reset-learned", [&db](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
    JOBREC_RETURN_IF_ERROR(store::LearnedProfileRepo(db).Reset(user_id));
    return Response::Empty(204);
  }, signed_in);
  router.Get("/api/v1/feedback/rules", [&db](const Request& req) { return ListRules(db, req); }, signed_in);
  router.Post("/api/v1/feedback/rules/{id}/accept", [&db](const Request& req) {
    return DecideRule(db, req, {"proposed", "rejected", "accepted"}, "accepted");
  }, signed_in);
  router.Post("/api/v1/feedback/rules/{id}/reject", [&db](const Request& req) {
    return DecideRule(db, req, {"proposed", "accepted", "rejected"}, "rejected");
  }, signed_in);
  router.Delete("/api/v1/feedback/rules/{id}", [&db](const Request& req) {
    return DecideRule(db, req, {"proposed", "accepted", "rejected"}, "removed");
  }, signed_in);
  router.Get("/api/v1/feedback/insights", [&db, &fasttext](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
    JOBREC_ASSIGN_OR_RETURN(json insights, InsightsJson(db, fasttext, user_id));
    return Response::Json(insights);
  }, signed_in);
}

}  // namespace jobrec::api
