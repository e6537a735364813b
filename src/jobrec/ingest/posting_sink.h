// Where sources and connectors deliver postings. The store's PostgreSQL repository
// implements it (upsert on the unique key (provider, external_id)); InMemoryPostingSink in
// testing/ is the fake for tests.
//
// Contract: Upsert receives only complete postings (FinalizePosting succeeded). A call is
// atomic: either every posting of the span is stored, or none is and an error is returned,
// so a caller that saves its cursor after a successful Upsert never skips or half-writes a
// page. Within one span a later posting with the same key replaces an earlier one.
//
// Thread-safety: implementations must allow concurrent Upsert calls from several syncs.
#pragma once

#include <cstddef>
#include <span>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

struct UpsertCounts {
  size_t inserted = 0;   // new (provider, external_id)
  size_t updated = 0;    // existing key whose content changed
  size_t unchanged = 0;  // existing key, identical content (only last_seen refreshed)

  UpsertCounts& operator+=(const UpsertCounts& other) {
    inserted += other.inserted;
    updated += other.updated;
    unchanged += other.unchanged;
    return *this;
  }
};

class PostingSink {
 public:
  virtual ~PostingSink() = default;
  // Errors: Unavailable when the store cannot be reached (the caller retries the page later);
  // InvalidArgument when a posting violates a store constraint (a caller bug: postings are
  // finalised before they get here). Nothing is stored on error.
  virtual absl::StatusOr<UpsertCounts> Upsert(std::span<const Posting> postings) = 0;
};

}  // namespace jobrec::ingest
