#include "jobrec/api/scoring_run_routes.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "jobrec/api/http_error.h"
#include "jobrec/store/scoring_run_repo.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

constexpr int kMaxLimit = 500;

double RoundedUsd(double usd) { return std::round(usd * 1e6) / 1e6; }

json RunJson(const store::ScoringRunRecord& run) {
  return {{"id", run.id},
          {"engine", run.engine},
          {"state", run.state},
          {"total", run.total},
          {"done", run.done},
          {"failed", run.failed},
          {"tokens", run.tokens_in + run.tokens_out},
          {"cost", RoundedUsd(run.cost)},
          {"error", run.error.empty() ? json() : json(run.error)}};
}

absl::StatusOr<int64_t> RunId(const Request& req) {
  int64_t id = 0;
  const std::string& text = req.PathParam("id");
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(text, &id) || id < 1) {
    return absl::NotFoundError("no scoring run with this id");
  }
  return id;
}

absl::StatusOr<Response> StartRun(const ScoringRunServices& services, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(json body, req.JsonBody());
  if (!body.contains("engine") || !body["engine"].is_string() ||
      (body["engine"] != "llm" && body["engine"] != "hybrid")) {
    return common::InvalidField("engine", "must be \"llm\" or \"hybrid\"");
  }
  int limit = services.default_limit;
  if (body.contains("limit") && !body["limit"].is_null()) {
    const json& value = body["limit"];
    if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > kMaxLimit) {
      return common::InvalidField("limit", absl::StrCat("must be an integer from 1 to ", kMaxLimit));
    }
    limit = value.get<int>();
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "engine" && key != "limit") return common::InvalidField(key, "unknown field");
  }
  if (!services.llm_status.ok()) {
    // 409, not 503: it is the deployment's state, not a passing outage, and a 5xx message would
    // be replaced by a generic text while this one names the settings to set.
    return WithHttpError(absl::FailedPreconditionError(services.llm_status.message()), 409,
                         "llm_not_configured");
  }
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  store::ScoringRunRepo runs(services.db);
  JOBREC_ASSIGN_OR_RETURN(const int64_t run_id, runs.Create(user_id, body["engine"], limit));
  store::NewTask task{.kind = store::kScoringRunTaskKind, .payload = {{"run_id", run_id}}};
  if (absl::StatusOr<store::EnqueueResult> enqueued = services.queue.Enqueue(task); !enqueued.ok()) {
    // The run would wait for ever: end it, and tell the caller it may try again.
    (void)runs.Finish(run_id, "failed", "could not be queued");
    return enqueued.status();
  }
  return Response::Json({{"id", run_id}}, 202);
}

absl::StatusOr<Response> GetRun(const ScoringRunServices& services, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t run_id, RunId(req));
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(auto run, store::ScoringRunRepo(services.db).Get(user_id, run_id));
  if (!run) return absl::NotFoundError("no scoring run with this id");
  return Response::Json(RunJson(*run));
}

absl::StatusOr<Response> CancelRun(const ScoringRunServices& services, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t run_id, RunId(req));
  JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
  store::ScoringRunRepo runs(services.db);
  JOBREC_ASSIGN_OR_RETURN(auto state, runs.Cancel(user_id, run_id));
  if (!state) return absl::NotFoundError("no scoring run with this id");
  JOBREC_ASSIGN_OR_RETURN(auto run, runs.Get(user_id, run_id));
  if (!run) return absl::NotFoundError("no scoring run with this id");
  return Response::Json(RunJson(*run));
}

absl::StatusOr<Response> AdminSpend(const ScoringRunServices& services, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t admin_id, req.CallerId());
  JOBREC_ASSIGN_OR_RETURN(const int64_t days, req.QueryInt("days", 30, 1, 366));
  JOBREC_ASSIGN_OR_RETURN(store::LlmSpendReport report,
                          store::ScoringRunRepo(services.db).AdminSpend(admin_id, static_cast<int>(days)));
  json by_day = json::array();
  int64_t total_tokens = 0;
  double total_cost = 0;
  for (const auto& row : report.by_day) {
    by_day.push_back({{"date", row.key}, {"tokens", row.tokens}, {"cost", RoundedUsd(row.cost)}, {"calls", row.calls}});
    total_tokens += row.tokens;
    total_cost += row.cost;
  }
  json by_user = json::array();
  for (const auto& row : report.by_user) {
    by_user.push_back({{"email", row.key}, {"user_id", row.user_id}, {"tokens", row.tokens},
                       {"cost", RoundedUsd(row.cost)}, {"calls", row.calls}});
  }
  return Response::Json({{"today", {{"tokens", report.today_tokens}, {"cost", RoundedUsd(report.today_cost)}}},
                         {"total", {{"tokens", total_tokens}, {"cost", RoundedUsd(total_cost)}}},
                         {"days", days},
                         {"by_day", std::move(by_day)},
                         {"by_user", std::move(by_user)}});
}

}  // namespace

void AddScoringRunRoutes(Router& router, const ScoringRunServices& services) {
  router.Post("/api/v1/scoring-runs", [services](const Request& req) { return StartRun(services, req); },
              {.auth = AuthMode::kRequired});
  router.Get("/api/v1/scoring-runs/{id}", [services](const Request& req) { return GetRun(services, req); },
             {.auth = AuthMode::kRequired});
  router.Delete("/api/v1/scoring-runs/{id}", [services](const Request& req) { return CancelRun(services, req); },
                {.auth = AuthMode::kRequired});
  router.Get("/api/v1/admin/llm", [services](const Request& req) { return AdminSpend(services, req); },
             {.auth = AuthMode::kAdmin});
}

}  // namespace jobrec::api
