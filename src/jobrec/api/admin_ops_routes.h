// The task queue and the workers, for administrators (401 when not signed in, 403 for everyone
// else):
//
//   GET /api/v1/admin/queue
//     {"items": [{"kind", "state", "count", "oldest_age_seconds"}]}: tasks by kind and state;
//     oldest_age_seconds (queued rows only, else null) is how long the oldest due task waited.
//
//   GET /api/v1/admin/workers?decisions=20
//     {"workers": [...], "decisions": [...]} as tasks/scaling_json.h documents them (the
//     same JSON as `jobrec scale status --json`); decisions 1..200, newest first.
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::api {

// The database and the queue must outlive the router.
void AddAdminOpsRoutes(Router& router, store::Database& db, store::TaskQueue& queue);

}  // namespace jobrec::api
