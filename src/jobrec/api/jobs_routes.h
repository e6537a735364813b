// The job postings API (signed-in users; postings are shared data):
//
//   GET /api/v1/jobs?q=&limit=&cursor=
//     Visible postings (active, not a duplicate, not past expires_at), newest first:
//     {"items": [posting…], "total": N, "next_cursor": "…" | null}
//     q      full-text filter over title, company and description, web-search syntax
//            ("data engineer", "python -java", "\"site reliability\""); at most 500 characters
//     limit  1..100, default 20
//     cursor next_cursor of the previous page (opaque); pages stay stable as postings arrive
//     A bad value is a 400 whose error.field names the parameter.
//
//   GET /api/v1/jobs/{id}
//     One posting, whatever its state (expired ones too), plus
//     "sources": [{"provider", "url"}] — every posting of its duplicate cluster, the canonical
//     one first — and "duplicate_of": the canonical posting's id, or null when it is canonical.
//     404 for an unknown id, and for one that is not a positive integer (no such job).
//
// Posting JSON: api/posting_json.h. Unauthenticated requests get 401.
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

void AddJobsRoutes(Router& router, store::Database& db);

}  // namespace jobrec::api
