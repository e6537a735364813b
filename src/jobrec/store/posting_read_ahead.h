// Store-internal: the pipelined PostingWriter::Write (posting_writer.h). While one page of a
// sync is written, the next one is read — its stored state and duplicate decisions — on a
// second connection, with the page being written as in-memory candidates (that transaction
// may not see it). A connection outside the pool holds the write lock at session level from
// the transaction that starts a read-ahead to the one that uses it, so no other writer's
// postings can slip between a reading and its use.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <pqxx/pqxx>

#include "jobrec/store/posting_write_steps.h"
#include "jobrec/store/posting_writer.h"

namespace jobrec::store {
namespace internal {

// The decided postings of the page being written, as the next page's read-ahead uses them:
// copied, because the read-ahead may outlive the page.
struct PageBefore {
  std::vector<PostingRow> rows;               // what dedupe reads of each
  std::vector<IncomingPosting> postings;      // into rows
  std::unordered_set<std::string> keys;       // RowKey of each
  std::unordered_set<int64_t> canonical_ids;  // the postings they point at
};

// The decided postings of a page, for the next page's read-ahead.
std::shared_ptr<const PageBefore> CopyBefore(const PageReading& reading);

// A burst gives the lock up after this long, so that other writers (other syncs) get their turn
// (PostgreSQL grants a released advisory lock to those queued for it).
inline constexpr auto kMaxBurst = std::chrono::seconds(1);

}  // namespace internal

// The pipelined Write's state: the connection holding the lock, and the read-ahead under way.
struct PostingWriter::Burst {
  std::unique_ptr<pqxx::connection> connection;
  bool locked = false;
  std::chrono::steady_clock::time_point locked_since;
  const PreparedPage* ahead_page = nullptr;
  std::future<absl::StatusOr<internal::PageReading>> ahead;

  // Drops the connection (the server releases its lock) after the read-ahead finished.
  void Abandon() {
    if (ahead.valid()) ahead.wait();
    ahead = {};
    ahead_page = nullptr;
    connection.reset();
    locked = false;
  }
};

}  // namespace jobrec::store
