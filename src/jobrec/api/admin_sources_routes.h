// Sources of postings, for administrators (403 for everyone else, 401 when not signed in):
//
//   GET /api/v1/admin/sources
//     {"items": [{"id", "name", "kind", "interval_minutes" (null: on demand), "enabled",
//                 "full_sync", "last_sync": {"id", "started_at", "finished_at", "state", "seen",
//                 "new", "updated", "unchanged", "rejected", "expired", "error",
//                 "rejections": [{"where", "reason"}]} | null}]}
//     state: running | failed (resumed by the next sync) | succeeded | abandoned; error and
//     finished_at are null when there is none.
//
//   POST /api/v1/admin/sources/{id}/sync
//     Enqueues a sync of the source: 202 {"task_id": N, "created": bool} (created is false
//     when a sync of it is already queued or running: that task's id is returned). 404 for an
//     unknown source.
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"
#include "jobrec/store/task_queue.h"

namespace jobrec::api {

void AddAdminSourcesRoutes(Router& router, store::Database& db, store::TaskQueue& queue);

}  // namespace jobrec::api
