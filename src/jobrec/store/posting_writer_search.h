// Fills posting_search, the full-text vectors behind the jobs API's q, for the postings the
// writer queued in posting_search_queue (sql/migrations/0013_posting_search_table.sql, 0065:
// a row per written page).
// Stemming every description and adding it to the GIN index inside the page's insert took
// most of a bulk import's time; done here, after the page commits, a posting is listed,
// deduplicated and recommendable at once and found by q once the indexer has caught up (a
// changed posting is found by its previous text until then).
//
// Every call indexes whatever is pending, not only one writer's postings, so postings left
// unindexed by a crash or an error are picked up by the next writer or sweep.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <thread>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

// Indexes every pending posting, a queued page per transaction, on `workers` connections at
// once (this thread and workers - 1 others), and returns how many. Queue rows another indexer
// holds are skipped (it is indexing them). Errors: Unavailable when the database cannot be
// reached (the first error of any worker); batches committed before the error stay indexed.
absl::StatusOr<int64_t> IndexPendingSearch(Database& db, int workers = 1);

// Runs IndexPendingSearch (a worker per core, up to four) on a thread of its own once the
// writer it serves has stored postings and then written nothing for a second: between the
// pages of a sync that waits for its provider, and after the last page of a bulk import (whose
// pages would otherwise compete with the indexing for the same cores). An error is logged and leaves the postings pending.
// After a pass that indexed many postings (a bulk load) it also runs ANALYZE on postings, so
// that reads planned from here on see the table as it now is. The destructor does the work
// asked for at once and joins the thread, so postings stored before it are searchable once it
// returns.
//
// Thread-safety: every call may come from any thread; each WriteStarted is followed by one
// WriteFinished.
class PostingSearchIndexer {
 public:
  explicit PostingSearchIndexer(Database& db);
  ~PostingSearchIndexer();
  PostingSearchIndexer(const PostingSearchIndexer&) = delete;
  PostingSearchIndexer& operator=(const PostingSearchIndexer&) = delete;

  void WriteStarted();
  // `stored`: the write inserted or changed postings (or may have left some pending).
  void WriteFinished(bool stored);

 private:
  void Run(std::stop_token stop);

  Database& db_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  // Guarded by mu_.
  bool pending_ = false;
  int writing_ = 0;
  uint64_t writes_ = 0;  // finished writes, to tell a quiet second from a busy one
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace jobrec::store
