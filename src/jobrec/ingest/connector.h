// A source of postings: one implementation per provider (adzuna.cc, greenhouse.cc, …).
// A sync calls FetchPage repeatedly, starting from the cursor saved by the previous sync,
// until a page says it is the last; the caller stores each page's postings and its cursor
// before asking for the next, so an interrupted sync resumes where it stopped.
//
// Thread-safety: one Connector instance is used by one sync at a time.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

struct Page {
  std::vector<Posting> postings;
  std::vector<Rejection> rejected;  // malformed items: skipped, counted, reported
  nlohmann::json next_cursor;       // opaque to the caller; saved after the page is stored
  bool last = false;                // no further page in this sync
};

class Connector {
 public:
  virtual ~Connector() = default;
  // Fetches the page after `cursor` (null = first page of a full sync; a connector that
  // supports incremental sync keeps a since-date or id in its cursor).
  // Errors: Unavailable / DeadlineExceeded when the provider cannot be reached after the HTTP
  // client's retries; PermissionDenied / Unauthenticated for bad credentials; InvalidArgument
  // when the provider's whole answer is unusable (not JSON, wrong shape). Individual bad items
  // are Rejections, not errors.
  virtual absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) = 0;
};

}  // namespace jobrec::ingest
