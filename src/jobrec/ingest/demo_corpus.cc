#include "jobrec/ingest/demo_corpus.h"

#include <chrono>
#include <filesystem>

#include "jobrec/common/log.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/source_connector.h"
#include "jobrec/ingest/sync.h"
#include "jobrec/store/posting_reader.h"

namespace jobrec::ingest {
namespace {

constexpr int kPageSize = 2000;

// The latest posted_at in the file; nullopt when no posting has one.
absl::StatusOr<std::optional<TimePoint>> NewestPostedAt(const std::string& path) {
  JOBREC_ASSIGN_OR_RETURN(auto source,
                          JsonlSource::Open({.path = path, .provider = "demo", .page_size = 10'000}));
  std::optional<TimePoint> newest;
  nlohmann::json cursor;
  for (bool last = false; !last;) {
    JOBREC_ASSIGN_OR_RETURN(Page page, source->FetchPage(cursor));
    for (const Posting& posting : page.postings) {
      if (posting.posted_at && (!newest || *posting.posted_at > *newest)) newest = posting.posted_at;
    }
    cursor = std::move(page.next_cursor);
    last = page.last;
  }
  return newest;
}

absl::StatusOr<store::SyncRunRecord> Sync(store::Database& db, int64_t source_id,
                                          const DemoCorpusOptions& options) {
  SyncRunner runner(db, SourceConnectorOpener(ConnectorDeps{}));
  return runner.Run(source_id, {.expire_after_missed_syncs = options.expire_after_missed_syncs,
                                .stop_requested = options.stop_requested});
}

}  // namespace

const char* DemoOutcomeName(DemoLoadResult::Outcome outcome) {
  switch (outcome) {
    case DemoLoadResult::Outcome::kLoaded:
      return "loaded";
    case DemoLoadResult::Outcome::kDisabled:
      return "disabled";
    case DemoLoadResult::Outcome::kNotEmpty:
      return "not_empty";
    case DemoLoadResult::Outcome::kMissingFile:
      return "missing_file";
    case DemoLoadResult::Outcome::kBusy:
      break;
  }
  return "busy";
}

DemoCorpusOptions DemoCorpusOptionsOf(const IngestOptions& options) {
  return {.enabled = options.load_demo_corpus,
          .path = options.demo_corpus_path,
          .expire_after_missed_syncs = options.expire_after_missed_syncs};
}

absl::StatusOr<DemoLoadResult> LoadDemoCorpusIfEmpty(store::Database& db, const DemoCorpusOptions& options) {
  using Outcome = DemoLoadResult::Outcome;
  DemoLoadResult result;
  if (!options.enabled) return result;
  const auto started = std::chrono::steady_clock::now();
  store::SourceRepo sources(db);
  JOBREC_ASSIGN_OR_RETURN(bool empty, store::PostingReader(db).Empty());
  JOBREC_ASSIGN_OR_RETURN(std::optional<store::Source> existing, sources.FindByName(kDemoSourceName));

  int64_t source_id = 0;
  if (!empty) {
    // Only an interrupted load (its pass still open) is worth continuing.
    if (existing) {
      JOBREC_ASSIGN_OR_RETURN(store::SourceSummary summary, sources.Summary(existing->id));
      if (summary.last_run && (summary.last_run->state == "running" || summary.last_run->state == "failed")) {
        source_id = existing->id;
      }
    }
    if (source_id == 0) {
      result.outcome = Outcome::kNotEmpty;
      return result;
    }
  } else {
    std::error_code error;
    if (!std::filesystem::is_regular_file(options.path, error)) {
      log::Warn("ingest.demo_corpus_missing", {{"path", options.path}});
      result.outcome = Outcome::kMissingFile;
      return result;
    }
    JOBREC_ASSIGN_OR_RETURN(std::optional<TimePoint> newest, NewestPostedAt(options.path));
    const std::chrono::seconds shift = newest ? options.now() - *newest : std::chrono::seconds(0);
    store::SourceSpec spec{.name = kDemoSourceName,
                           .kind = "jsonl",
                           .params = {{"path", std::filesystem::absolute(options.path).string()},
                                      {"provider", "demo"},
                                      {"page_size", kPageSize},
                                      {"shift_seconds", shift.count()}},
                           .full_sync = true};
    JOBREC_ASSIGN_OR_RETURN(auto upserted, sources.Upsert(spec));
    source_id = upserted.first;
  }

  absl::StatusOr<store::SyncRunRecord> run = Sync(db, source_id, options);
  if (absl::IsAborted(run.status())) {
    result.outcome = Outcome::kBusy;
    return result;
  }
  if (!run.ok()) return run.status();
  result.outcome = Outcome::kLoaded;
  result.run = *run;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log::Info("ingest.demo_corpus_loaded",
            {{"postings", run->seen}, {"rejected", run->rejected}, {"seconds", result.seconds}});
  return result;
}

}  // namespace jobrec::ingest
