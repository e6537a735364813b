// JSON for the workers table and the autoscaler's decisions, as `jobrec scale status --json`
// prints them and GET /api/v1/admin/workers returns them. Times are RFC 3339 in UTC.
//
//   {"id": 7, "provider": "local", "instance_id": "4242", "host": "web-1", "state": "busy",
//    "concurrency": 4, "started_at": "2024-05-01T10:00:00Z", "last_heartbeat_at": "...",
//    "heartbeat_age_seconds": 1.2, "current_task_id": 311, "stopped_at": null, "exit_reason": null}
//   {"id": 3, "decided_at": "...", "autoscaler": "web-1:981", "provider": "local", "queued": 312,
//    "running": 16, "oldest_queued_seconds": 41.0, "queued_by_kind": {"embed.batch": 312},
//    "current_workers": 0, "desired_workers": 4, "action": "start", "count": 4, "reason": "..."}
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/store/worker_repo.h"

namespace jobrec::tasks {

nlohmann::json WorkerJson(const store::WorkerRecord& worker);
nlohmann::json DecisionJson(const store::ScalingDecision& decision);
// {"workers": [...], "decisions": [...]}
nlohmann::json ScalingStatusJson(const std::vector<store::WorkerRecord>& workers,
                                 const std::vector<store::ScalingDecision>& decisions);

}  // namespace jobrec::tasks
