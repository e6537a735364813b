// A person's reviews of postings (issue #7):
//
//   PUT    /api/v1/jobs/{id}/review {"score": 1..10 | null, "comment": "…", "applied": bool,
//          "not_interested": bool}                    -> 200 item
//   DELETE /api/v1/jobs/{id}/review                   -> 204; 404 when there is none
//   GET    /api/v1/reviews?limit=1..100&cursor=       -> {"items": [item…], "next_cursor"}
//
// item = {"job": {…PostingJson…}, "review": {"score", "comment", "applied", "not_interested",
//         "created_at", "updated_at"}, and the same six fields again at the top level (the web
//         app's Review type reads them there)}; newest (last updated) first.
//
// A review needs a score, "not interested" or "applied". Omitted fields are null / "" / false.
// Errors: 400 naming the field (score not an integer 1..10, comment not a string or longer than
// 2000 characters, applied / not_interested not booleans, nothing said); 404 for an unknown or
// hidden posting. Signed in; cookie sessions need the CSRF header (the guards).
// Saving or deleting a review also refreshes the rules proposed from comments
// (store/feedback_rule_repo.h), then calls `on_change` (when given) with the user's id: the
// server queues the learned ranker's training with it (tasks/ranker_train_task.h).
#pragma once

#include <cstdint>
#include <functional>

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

using ReviewChanged = std::function<void(int64_t user_id)>;

// The database must outlive the router.
void AddReviewRoutes(Router& router, store::Database& db, ReviewChanged on_change = {});

}  // namespace jobrec::api
