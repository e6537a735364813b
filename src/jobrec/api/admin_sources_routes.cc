#include "jobrec/api/admin_sources_routes.h"

#include "absl/strings/numbers.h"
#include "jobrec/api/posting_json.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::api {
namespace {

nlohmann::json RunJson(const store::SyncRunRecord& run) {
  return {
      {"id", run.id},
      {"started_at", TimestampJson(run.started_at)},
      {"finished_at", run.finished_at ? nlohmann::json(TimestampJson(*run.finished_at)) : nlohmann::json()},
      {"state", run.state},
      {"seen", run.seen},
      {"new", run.inserted},
      {"updated", run.updated},
      {"unchanged", run.unchanged},
      {"rejected", run.rejected},
      {"expired", run.expired},
      {"error", run.error.empty() ? nlohmann::json() : nlohmann::json(run.error)},
      {"rejections", run.rejections}};
}

nlohmann::json SourceJson(const store::SourceSummary& summary) {
  const store::SourceSpec& spec = summary.source.spec;
  return {{"id", summary.source.id},
          {"name", spec.name},
          {"kind", spec.kind},
          {"interval_minutes", spec.interval ? nlohmann::json(spec.interval->count()) : nlohmann::json()},
          {"enabled", spec.enabled},
          {"full_sync", spec.full_sync},
          {"last_sync", summary.last_run ? RunJson(*summary.last_run) : nlohmann::json()}};
}

absl::StatusOr<Response> ListSources(store::Database& db, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t admin_id, req.CallerId());  // an administrator: AuthMode::kAdmin
  JOBREC_ASSIGN_OR_RETURN(std::vector<store::SourceSummary> sources, store::SourceRepo(db).List(admin_id));
  nlohmann::json items = nlohmann::json::array();
  for (const store::SourceSummary& summary : sources) items.push_back(SourceJson(summary));
  return Response::Json({{"items", std::move(items)}});
}

absl::StatusOr<Response> SyncSource(store::Database& db, store::TaskQueue& queue, const Request& req) {
  JOBREC_ASSIGN_OR_RETURN(const int64_t admin_id, req.CallerId());  // an administrator: AuthMode::kAdmin
  int64_t source_id = 0;
  const std::string& text = req.PathParam("id");
  if (text.find_first_not_of("0123456789") != std::string::npos || !absl::SimpleAtoi(text, &source_id) ||
      source_id < 1) {
    return absl::NotFoundError("no source with this id");
  }
  // As the admin role: the check that the source exists is the caller's read.
  JOBREC_RETURN_IF_ERROR(store::SourceRepo(db).Summary(source_id, admin_id).status());
  JOBREC_ASSIGN_OR_RETURN(store::EnqueueResult enqueued, queue.Enqueue(store::SyncTask(source_id)));
  return Response::Json({{"task_id", enqueued.id}, {"created", enqueued.created}}, 202);
}

}  // namespace

void AddAdminSourcesRoutes(Router& router, store::Database& db, store::TaskQueue& queue) {
  router.Get("/api/v1/admin/sources", [&db](const Request& req) { return ListSources(db, req); },
             {.auth = AuthMode::kAdmin});
  router.Post("/api/v1/admin/sources/{id}/sync",
              [&db, &queue](const Request& req) { return SyncSource(db, queue, req); },
              {.auth = AuthMode::kAdmin});
}

}  // namespace jobrec::api
