// The PostgreSQL PostingSink (posting_sink.h): postings go through the same writer as a sync
// (store/posting_writer.h: upsert on (provider, external_id), content-hash change detection,
// dedupe), without a sync run, cursor or expiry — for callers that only deliver postings.
// Syncs use SyncRunner (sync.h), which also records the pass.
//
// Thread-safety: Upsert may be called from several threads (writes are serialised).
#pragma once

#include "jobrec/ingest/posting_sink.h"
#include "jobrec/store/database.h"

namespace jobrec::ingest {

class PgPostingSink : public PostingSink {
 public:
  explicit PgPostingSink(store::Database& db) : db_(db) {}
  absl::StatusOr<UpsertCounts> Upsert(std::span<const Posting> postings) override;

 private:
  store::Database& db_;
};

}  // namespace jobrec::ingest
