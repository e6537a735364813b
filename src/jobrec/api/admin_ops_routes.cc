#include "jobrec/api/admin_ops_routes.h"

#include <map>

#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/scaling_json.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

absl::StatusOr<Response> Queue(store::TaskQueue& queue) {
  JOBREC_ASSIGN_OR_RETURN(store::QueueStats stats, queue.Stats());
  const std::map<std::string, double> oldest(stats.oldest_due_age_seconds.begin(),
                                             stats.oldest_due_age_seconds.end());
  json items = json::array();
  for (const store::QueueDepth& depth : stats.depth) {
    json item = {{"kind", depth.kind},
                 {"state", store::TaskStateName(depth.state)},
                 {"count", depth.count},
                 {"oldest_age_seconds", nullptr}};
    if (auto it = oldest.find(depth.kind); it != oldest.end() && depth.state == store::TaskState::kQueued) {
      item["oldest_age_seconds"] = it->second;
    }
    items.push_back(std::move(item));
  }
  return Response::Json({{"items", std::move(items)}});
}

absl::StatusOr<Response> Workers(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t decisions_limit, req.QueryInt("decisions", 20, 1, 200));
  store::WorkerRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(auto workers, repo.ListWorkers());
  JOBREC_ASSIGN_OR_RETURN(auto decisions, repo.RecentDecisions(static_cast<int>(decisions_limit)));
  return Response::Json(tasks::ScalingStatusJson(workers, decisions));
}

}  // namespace

void AddAdminOpsRoutes(Router& router, store::Database& db, store::TaskQueue& queue) {
  router.Get("/api/v1/admin/queue", [&queue](const Request&) { return Queue(queue); },
             {.auth = AuthMode::kAdmin});
  router.Get("/api/v1/admin/workers", [&db](const Request& req) { return Workers(db, req); },
             {.auth = AuthMode::kAdmin});
}

}  // namespace jobrec::api
