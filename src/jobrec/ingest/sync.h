// The sync pipeline: Connector -> normalised Posting (the connectors finalise them) -> store
// rows with their dedupe signature -> PostingWriter (upsert, dedupe, counts, cursor), one page
// per transaction.
//
// A run is one pass over a source (store/source_repo.h). Run() resumes the source's open pass
// when there is one — the previous sync failed or its process died — from the cursor saved
// with the last stored page, and otherwise starts a new pass from the source's cursor. Storing
// a page again is harmless (its postings are unchanged), so however a sync is interrupted, a
// later one completes the pass without duplicates. Only one process syncs a source at a time
// (SourceRepo::WithSyncLock).
//
// Thread-safety: a SyncRunner may be used from several threads, for different sources.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "jobrec/common/status.h"
#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/connector_factory.h"
#include "jobrec/store/database.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::ingest {

// Builds the connector of a source; SourceConnectorOpener for real ones, fakes in tests.
using ConnectorOpener = std::function<absl::StatusOr<std::unique_ptr<Connector>>(const store::Source&)>;
ConnectorOpener SourceConnectorOpener(ConnectorDeps deps);

struct SyncOptions {
  int expire_after_missed_syncs = 3;  // ingest.expire_after_missed_syncs
  std::optional<int64_t> task_id;     // recorded on the run
  // Checked between pages: when it returns true the run stops (failed "interrupted", resumed by
  // the next sync) and Run returns Cancelled.
  std::function<bool()> stop_requested;
  // Called after each stored page with the run's totals so far.
  std::function<void(const store::SyncRunRecord&)> on_page;
};

class SyncRunner {
 public:
  SyncRunner(store::Database& db, ConnectorOpener opener);

  // Syncs `source_id` until the connector's last page, and returns the finished run (state
  // "succeeded", with the whole pass's counts). Errors: NotFound for an unknown source; Aborted
  // when another process is syncing it; Cancelled when stopped; otherwise the connector's or
  // the store's error — the run is then left failed with that error, and resumes next time.
  absl::StatusOr<store::SyncRunRecord> Run(int64_t source_id, const SyncOptions& options);

 private:
  absl::Status RunLocked(const store::Source& source, const SyncOptions& options,
                         store::SyncRunRecord& result);

  store::Database& db_;
  ConnectorOpener opener_;
};

}  // namespace jobrec::ingest
