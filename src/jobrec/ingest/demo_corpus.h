// The demo corpus (data/demo/postings.jsonl.gz, data/README.md), loaded when the service
// starts with no postings, so a fresh install has something to recommend.
//
// It becomes the source "demo" (kind jsonl, provider "demo", full sync, no schedule) and is
// loaded by the ordinary sync pipeline (sync.h). Its dates lie before a fixed reference date;
// at the first load every posted_at and expires_at is shifted by one amount, so that the
// newest posting is dated now and the spacing is kept. The shift is stored with the source
// (its shift_seconds parameter), so syncing the source again later changes nothing. Each
// posting's `synthetic` list (the fields the generator invented) is kept in labels.synthetic.
//
// Thread-safety: safe to call from several processes at once: one loads, the others find the
// source's sync lock taken and skip.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/ingest/sync_cursor.h"
#include "jobrec/store/database.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::ingest {

inline constexpr char kDemoSourceName[] = "demo";

struct DemoCorpusOptions {
  bool enabled = true;                               // ingest.load_demo_corpus
  std::string path = "data/demo/postings.jsonl.gz";  // ingest.demo_corpus_path
  int expire_after_missed_syncs = 3;
  NowFunction now = SystemNow;  // "now" of the rebasing
  // Checked between pages (optional): a load stopped this way returns Cancelled and is
  // completed by the next call, so `serve` may load in the background and still stop promptly.
  std::function<bool()> stop_requested;
};

struct DemoLoadResult {
  enum class Outcome {
    kLoaded,       // loaded now (or an interrupted load was completed)
    kDisabled,     // ingest.load_demo_corpus is off
    kNotEmpty,     // there are postings already
    kMissingFile,  // no file at the path (logged as a warning)
    kBusy,         // another process is loading it
  };
  Outcome outcome = Outcome::kDisabled;
  std::optional<store::SyncRunRecord> run;  // when loaded
  double seconds = 0;                       // wall time of the load
};
const char* DemoOutcomeName(DemoLoadResult::Outcome outcome);

// ingest.load_demo_corpus, ingest.demo_corpus_path and ingest.expire_after_missed_syncs.
DemoCorpusOptions DemoCorpusOptionsOf(const IngestOptions& options);

// Loads the corpus when enabled and the postings table is empty, or completes a load that was
// interrupted. Errors: the file's (a corrupt gzip is DataLoss) and the store's.
absl::StatusOr<DemoLoadResult> LoadDemoCorpusIfEmpty(store::Database& db, const DemoCorpusOptions& options);

}  // namespace jobrec::ingest
