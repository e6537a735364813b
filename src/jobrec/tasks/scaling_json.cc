#include "jobrec/tasks/scaling_json.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jobrec::tasks {
namespace {

std::string Rfc3339(store::TimePoint time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromChrono(time), absl::UTCTimeZone());
}

}  // namespace

nlohmann::json WorkerJson(const store::WorkerRecord& w) {
  return {{"id", w.id},
          {"provider", store::WorkerProviderName(w.provider)},
          {"instance_id", w.instance_id},
          {"host", w.host},
          {"lease_owner", w.lease_owner},
          {"state", store::WorkerStateName(w.state)},
          {"concurrency", w.concurrency},
          {"started_at", Rfc3339(w.started_at)},
          {"last_heartbeat_at", Rfc3339(w.last_heartbeat_at)},
          {"heartbeat_age_seconds", w.heartbeat_age_seconds},
          {"current_task_id", w.current_task_id ? nlohmann::json(*w.current_task_id) : nlohmann::json(nullptr)},
          {"stopped_at", w.stopped_at ? nlohmann::json(Rfc3339(*w.stopped_at)) : nlohmann::json(nullptr)},
          {"exit_reason", w.exit_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(w.exit_reason)}};
}

nlohmann::json DecisionJson(const store::ScalingDecision& d) {
  return {{"id", d.id},
          {"decided_at", Rfc3339(d.decided_at)},
          {"autoscaler", d.autoscaler},
          {"provider", d.provider},
          {"queued", d.queued},
          {"running", d.running},
          {"oldest_queued_seconds", d.oldest_queued_seconds},
          {"queued_by_kind", d.queued_by_kind},
          {"current_workers", d.current_workers},
          {"desired_workers", d.desired_workers},
          {"action", store::ScalingActionName(d.action)},
          {"count", d.count},
          {"reason", d.reason}};
}

nlohmann::json ScalingStatusJson(const std::vector<store::WorkerRecord>& workers,
                                 const std::vector<store::ScalingDecision>& decisions) {
  nlohmann::json out = {{"workers", nlohmann::json::array()}, {"decisions", nlohmann::json::array()}};
  for (const auto& w : workers) out["workers"].push_back(WorkerJson(w));
  for (const auto& d : decisions) out["decisions"].push_back(DecisionJson(d));
  return out;
}

}  // namespace jobrec::tasks
