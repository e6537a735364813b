#include "jobrec/ingest/sync.h"

#include <chrono>
#include <future>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/page_prefetcher.h"
#include "jobrec/ingest/posting_record.h"
#include "jobrec/ingest/source_connector.h"
#include "jobrec/store/posting_writer.h"

namespace jobrec::ingest {
namespace {

// Pages waiting for the writer: one to read ahead, one more to keep the fetching thread busy.
constexpr size_t kPagesFetchedAhead = 2;

store::PageWrite ToPageWrite(Page& page) {
  store::PageWrite write;
  write.rows.reserve(page.postings.size());
  for (Posting& posting : page.postings) write.rows.push_back(ToPostingRow(std::move(posting)));
  for (const Rejection& rejection : page.rejected) {
    write.rejected.push_back({rejection.where, rejection.reason});
  }
  return write;
}

nlohmann::json RunLog(const store::SyncRunRecord& run) {
  return {{"run_id", run.id},         {"pages", run.pages},     {"seen", run.seen},
          {"new", run.inserted},      {"updated", run.updated}, {"unchanged", run.unchanged},
          {"rejected", run.rejected}, {"expired", run.expired}};
}

}  // namespace

ConnectorOpener SourceConnectorOpener(ConnectorDeps deps) {
  return [deps = std::move(deps)](const store::Source& source) {
    return OpenSourceConnector(source.spec, deps);
  };
}

SyncRunner::SyncRunner(store::Database& db, ConnectorOpener opener) : db_(db), opener_(std::move(opener)) {}

absl::StatusOr<store::SyncRunRecord> SyncRunner::Run(int64_t source_id, const SyncOptions& options) {
  store::SourceRepo sources(db_);
  JOBREC_ASSIGN_OR_RETURN(store::Source source, sources.Get(source_id));
  log::ScopedLogContext context("source", source.spec.name);
  store::SyncRunRecord result;
  JOBREC_RETURN_IF_ERROR(sources.WithSyncLock(source_id, [&] { return RunLocked(source, options, result); }));
  return result;
}

absl::Status SyncRunner::RunLocked(const store::Source& locked_source, const SyncOptions& options,
                                   store::SyncRunRecord& result) {
  store::SourceRepo sources(db_);
  // Re-read under the lock: the previous holder moved the cursor.
  JOBREC_ASSIGN_OR_RETURN(store::Source source, sources.Get(locked_source.id));
  JOBREC_ASSIGN_OR_RETURN(store::OpenedRun opened, sources.OpenRun(source.id, options.task_id));
  const int64_t run_id = opened.run.id;
  log::Info("ingest.sync_started",
            {{"run_id", run_id}, {"resumed", opened.resumed}, {"kind", source.spec.kind}});
  const auto started = std::chrono::steady_clock::now();
  auto fail = [&](absl::Status status) {
    if (absl::Status recorded = sources.FailRun(run_id, status.ToString()); !recorded.ok()) {
      log::Error("ingest.sync_fail_not_recorded", {{"run_id", run_id}, {"error", recorded.ToString()}});
    }
    log::Warn("ingest.sync_failed", {{"run_id", run_id}, {"error", status.ToString()}});
    return status;
  };

  absl::StatusOr<std::unique_ptr<Connector>> connector = opener_(source);
  if (!connector.ok()) return fail(connector.status());
  // Pages are fetched, converted and prepared for the writer on another thread, two ahead of
  // the one being written: the connector's parsing and the database's work overlap, and the
  // writer reads the next page while it writes this one.
  auto fetch = [&](const nlohmann::json& cursor) -> PagePrefetcher::Fetched {
    JOBREC_ASSIGN_OR_RETURN(Page page, (*connector)->FetchPage(cursor));
    store::PageWrite write = ToPageWrite(page);
    write.pass = store::PassPage{.source_id = source.id,
                                 .run_id = run_id,
                                 .next_cursor = std::move(page.next_cursor),
                                 .last = page.last,
                                 .full_sync = source.spec.full_sync,
                                 .expire_after_missed_syncs = options.expire_after_missed_syncs};
    return std::make_unique<store::PreparedPage>(store::PostingWriter::Prepare(std::move(write)));
  };
  PagePrefetcher pages(fetch, opened.cursor, kPagesFetchedAhead);
  std::unique_ptr<store::PreparedPage> following;  // handed to the writer, which reads it
  store::PostingWriter writer(db_, NewDuplicateResolver());  // destroyed first: its read-ahead reads `following`
  const store::PostingWriter::NextPage take_following = [&]() -> const store::PreparedPage* {
    if (!following) following = pages.TryNext();
    return following.get();
  };
  std::future<void> freed;
  for (bool last = false; !last;) {
    std::unique_ptr<store::PreparedPage> page = std::move(following);
    if (!page) {
      PagePrefetcher::Fetched fetched = pages.Next();
      if (!fetched.ok()) return fail(fetched.status());
      page = *std::move(fetched);
    }
    last = page->page().pass->last;
    if (options.stop_requested && options.stop_requested()) {
      return fail(
          absl::CancelledError("interrupted: the sync stopped before the last page and resumes next time"));
    }
    if (absl::StatusOr<store::WriteCounts> written = writer.Write(*page, take_following); !written.ok()) {
      return fail(written.status());
    }
    // Freed beside the next write rather than before it (its postings' strings and JSON trees
    // took 8% of the writing thread's time in a bulk import).
    freed = std::async(std::launch::async, [written = std::move(page)]() mutable { written.reset(); });
    if (options.on_page || last) {
      JOBREC_ASSIGN_OR_RETURN(result, sources.GetRun(run_id));
      if (options.on_page) options.on_page(result);
    }
  }
  nlohmann::json fields = RunLog(result);
  fields["pages_read_ahead"] = writer.pages_read_ahead();
  fields["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log::Info("ingest.sync_finished", fields);
  return absl::OkStatus();
}

}  // namespace jobrec::ingest
