#include "jobrec/store/posting_writer_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "jobrec/common/log.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

// The oldest queued page first, and how many queue rows and postings it took. SKIP LOCKED: a
// row locked by another indexer is being indexed, so an indexer never waits for a lock and
// never deadlocks. A posting no longer stored has nothing to index.
constexpr char kIndexBatch[] = R"sql(
WITH taken AS (
  DELETE FROM posting_search_queue q
  WHERE q.batch = (SELECT batch FROM posting_search_queue ORDER BY batch LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING q.posting_ids),
indexed AS (
  INSERT INTO posting_search AS s (posting_id, search)
  SELECT p.id, posting_search_vector(p.title, p.company, p.description)
  FROM postings p WHERE p.id IN (SELECT unnest(posting_ids) FROM taken)
  ON CONFLICT (posting_id) DO UPDATE SET search = EXCLUDED.search
  RETURNING 1)
SELECT (SELECT count(*) FROM taken), (SELECT count(*) FROM indexed))sql";

// How long the writer must have had no page to write before the indexer starts (the
// destructor does not wait for it).
constexpr auto kQuietBeforeIndexing = std::chrono::milliseconds(1000);

// Postings indexed in one pass after which the indexer also refreshes the planner's statistics.
constexpr int64_t kAnalyzeAfterIndexing = 5000;

// The indexer's parallel batches: stemming is CPU work, which a bulk load's queue has plenty of
// for every core (the writer has stopped writing when the indexer runs).
int IndexWorkers() { return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u)); }

// Losing a batch in a crash loses nothing: its postings stay pending.
const TxOptions& BatchOptions() {
  static const TxOptions options{.name = "posting_search.IndexPending",
                                 .settings = {{"jit", "off"}, {"synchronous_commit", "off"}}};
  return options;
}

}  // namespace

absl::StatusOr<int64_t> IndexPendingSearch(Database& db, int workers) {
  std::atomic<int64_t> total = 0;
  std::mutex mu;
  absl::Status first_error;  // guarded by mu
  auto work = [&] {
    for (bool taken = true; taken;) {
      int64_t indexed = 0;
      absl::Status status = RunTransaction(db, BatchOptions(), [&](pqxx::work& tx) {
        const pqxx::row counts = tx.exec(kIndexBatch).at(0);
        taken = counts[0].as<int64_t>() > 0;
        indexed = counts[1].as<int64_t>();
        return absl::OkStatus();
      });
      if (!status.ok()) {
        std::lock_guard lock(mu);
        if (first_error.ok()) first_error = std::move(status);
        return;
      }
      total += indexed;
    }
  };
  {
    std::vector<std::jthread> others;
    for (int i = 1; i < workers; ++i) others.emplace_back(work);
    work();
  }  // joins the others
  if (!first_error.ok()) return first_error;
  return total.load();
}

PostingSearchIndexer::PostingSearchIndexer(Database& db)
    : db_(db), thread_([this](std::stop_token stop) { Run(stop); }) {}

PostingSearchIndexer::~PostingSearchIndexer() {
  thread_.request_stop();
  thread_.join();
}

void PostingSearchIndexer::WriteStarted() {
  std::lock_guard lock(mu_);
  ++writing_;
}

void PostingSearchIndexer::WriteFinished(bool stored) {
  {
    std::lock_guard lock(mu_);
    --writing_;
    ++writes_;
    pending_ = pending_ || stored;
  }
  wake_.notify_one();
}

void PostingSearchIndexer::Run(std::stop_token stop) {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      // After a stop request this still returns true for work not yet done: the destructor's
      // promise is that it is done.
      if (!wake_.wait(lock, stop, [this] { return pending_; })) return;
      // Pages written back to back are a bulk import: indexing meanwhile would take the cores
      // its writing needs, and make the postings searchable no sooner in all.
      while (!stop.stop_requested()) {
        const uint64_t writes = writes_;
        if (!wake_.wait_for(lock, stop, kQuietBeforeIndexing,
                            [&] { return writing_ > 0 || writes_ != writes; })) {
          break;  // a quiet second
        }
        wake_.wait(lock, stop, [this] { return writing_ == 0; });
      }
      pending_ = false;
    }
    absl::StatusOr<int64_t> indexed = IndexPendingSearch(db_, IndexWorkers());
    if (!indexed.ok()) {
      log::Warn("posting_search.index_failed", {{"error", indexed.status().ToString()}});
    } else if (*indexed >= kAnalyzeAfterIndexing) {
      // A bulk load just ended: the planner's statistics still describe the table before it
      // (autovacuum refreshes them minutes later), and reads of id lists planned on them scan
      // every visible posting.
      absl::Status analyzed = RunTransaction(db_, {.name = "posting_search.Analyze"}, [](pqxx::work& tx) {
        tx.exec("ANALYZE postings, posting_search");
        return absl::OkStatus();
      });
      if (!analyzed.ok()) log::Warn("posting_search.analyze_failed", {{"error", analyzed.ToString()}});
    }
  }
}

}  // namespace jobrec::store
