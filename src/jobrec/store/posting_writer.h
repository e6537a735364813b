// Writes postings in bulk: one call stores one page of a sync in one transaction — the
// postings (their keys, hashes and dedupe fields COPYed into a temporary table to tell new,
// changed and unchanged ones apart; new ones COPYed straight into postings, changed ones
// rewritten; unchanged ones only marked seen), their duplicate links, the sync run's
// counts and rejections, and the connector's cursor. So a page is either stored whole with its
// cursor or not at all, and storing the same page again changes nothing (its postings count as
// unchanged): an interrupted sync resumes safely.
//
// Dedupe: every new posting (and every changed one that no other posting points at) is compared
// with candidate postings found by SQL — same dedupe key, same canonical URL, same normalised
// company, or (when one side has no company) a shared SimHash band; see ingest/dedupe.h. Only
// older, active postings are candidates, so a cluster's canonical posting is its earliest. The
// comparison itself is the caller's DuplicateResolver (ingest/ owns the rules).
//
// Expiry: the last page of a pass finishes it: for full-sync sources, active postings of the
// source that the pass did not deliver get missed_syncs + 1 and expire at
// expire_after_missed_syncs; postings past their expires_at expire too. When a canonical
// posting expires, its earliest active duplicate becomes the cluster's canonical posting.
//
// Writers are serialised by an advisory lock (dedupe must see every earlier posting), so
// concurrent syncs queue for each other's page writes (each is short). A sync's pages in a row
// are pipelined (Write with a next page): while one page is written, the next one's stored state
// and duplicate decisions are read on a second connection, and the lock is held across the two
// transactions (for at most about a second at a time).
//
// Full-text search: each posting written is queued for the writer's search indexer
// (posting_writer_search.h), which computes its vector on its own thread once pages stop
// coming for a second. A posting is listed as soon as Write returns and found by the jobs
// API's q soon after; every posting a writer stored is searchable once the writer is destroyed.
// A writer is used by one thread at a time (one per sync); writers in several threads or
// processes serialise on the lock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_row.h"
#include "jobrec/store/posting_writer_search.h"

namespace jobrec::store {
namespace internal {
struct PageReading;
struct PageBefore;
}  // namespace internal

// Advisory lock key serialising posting writes (per transaction, and across a burst of
// pipelined pages per session): "jobrec" in ASCII, then 2.
inline constexpr int64_t kPostingWriteLockKey = 0x6a6f6272656302;

struct RejectionRow {
  std::string where;   // "line 17"
  std::string reason;  // "title is empty"
};
// Rejections kept per sync run (the rest are only counted).
inline constexpr int kMaxStoredRejections = 50;

// The sync pass a page belongs to.
struct PassPage {
  int64_t source_id = 0;
  int64_t run_id = 0;
  nlohmann::json next_cursor;  // saved as sources.cursor with the page
  bool last = false;           // finishes the pass (see above)
  bool full_sync = false;      // the source's sources.full_sync
  int expire_after_missed_syncs = 3;
};

struct PageWrite {
  std::vector<PostingRow> rows;  // a later row with the same key replaces an earlier one
  std::vector<RejectionRow> rejected;
  std::optional<PassPage> pass;  // nullopt: postings only (no run, no cursor, no expiry)
};

struct WriteCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t duplicates = 0;  // inserted or updated postings linked to a canonical posting
  int64_t expired = 0;     // by the pass's finish
};

// A stored posting that may be a duplicate of an incoming one.
struct DedupeCandidateRow {
  int64_t id = 0;
  int64_t canonical_id = 0;  // its cluster's canonical posting; its own id when canonical
  DedupeFields fields;
  std::string country;
  bool remote = false;
  std::string description;  // only for candidates with the incoming posting's key, else ""
};

struct DuplicateDecision {
  int64_t canonical_id = 0;  // the canonical posting the incoming one collapses into
  // The match is by URL or key, which outranks any match the broad candidate classes (company,
  // SimHash band) could add: the writer then skips looking those up.
  bool conclusive = false;
};

// Decides, for an incoming posting, which of its candidates (if any) it duplicates.
struct DuplicateResolver {
  // The decision for `incoming` among `candidates`, or nullopt when it is no duplicate. Called
  // inside the write transaction, in id order, possibly twice per posting; must not touch the
  // database.
  std::function<std::optional<DuplicateDecision>(const PostingRow& incoming,
                                                 std::span<const DedupeCandidateRow> candidates)>
      decide;
  // The resolver's SimHash threshold (ingest/dedupe.h). A stored candidate with the incoming
  // posting's key comes with its description only when their fingerprints differ in more bits
  // than this (nearer ones need no corroboration by the text; reading every stored description
  // of a cluster cost a bulk import more than anything else in dedupe). A candidate of the broad
  // classes (company, SimHash band) farther than this, with another key and URL, cannot be a
  // near-duplicate and is not sent (most of a company's postings are not).
  int simhash_threshold = 0;
};

// A page made ready to write (PostingWriter::Prepare): one row per key, sorted, with content
// hashes and the fields to COPY. Preparing needs no database, so a caller may prepare the next
// page on another thread while the writer stores this one (the database waits on the writer's
// thread, not on that one). Move-only; its rows stay where they are when it moves.
class PreparedPage {
 public:
  PreparedPage(PreparedPage&&) = default;
  PreparedPage& operator=(PreparedPage&&) = default;

  const PageWrite& page() const { return page_; }

 private:
  friend class PostingWriter;

  PreparedPage() = default;

  PageWrite page_;
  std::vector<const PostingRow*> rows_;  // into page_.rows, one per key, sorted by key
  // Per row, in COPY text (copy_text.h): its line for the writer's temporary table, and its
  // own fields for postings (the line without the fields decided in the transaction).
  std::vector<std::string> keys_;
  std::vector<std::string> records_;
};

class PostingWriter {
 public:
  PostingWriter(Database& db, DuplicateResolver resolver);
  ~PostingWriter();

  static PreparedPage Prepare(PageWrite page);

  // Errors (nothing is stored): Unavailable when the database cannot be reached;
  // FailedPrecondition / InvalidArgument when a row violates a table constraint (an empty
  // title, an unknown remote mode: a caller bug), or when the page's source or sync run is
  // gone; Aborted on a deadlock (retry the page).
  // The page is written, not consumed: freeing a page of 2,000 postings takes milliseconds,
  // which a caller writing pages in a row may spend on another thread.
  absl::StatusOr<WriteCounts> Write(const PreparedPage& page);

  // The page that follows the one being written, if it is at hand (else nullptr). It must
  // stay where it is, unchanged, until it is written or the writer is destroyed.
  using NextPage = std::function<const PreparedPage*()>;
  // Write for the pages of a pass in a row (one caller at a time): while `page` is written, the
  // page `next` returns is read on a second connection — its stored state and duplicate
  // decisions, with this page's postings as candidates — so that its own Write only writes.
  // The write lock is then held at session level from this page's transaction to that one's
  // (at most about a second before other writers get a turn), and a page whose writing
  // rewrites stored postings (changed or moved ones) is not followed by a read-ahead.
  // The results are those of Write page by page.
  absl::StatusOr<WriteCounts> Write(const PreparedPage& page, const NextPage& next);
  // Pages whose Write used their read-ahead.
  int64_t pages_read_ahead() const { return pages_read_ahead_; }
  // Prepare and Write in one.
  absl::StatusOr<WriteCounts> Write(PageWrite page) {
    PreparedPage prepared = Prepare(std::move(page));
    return Write(prepared);
  }

  // Expires every active posting past its expires_at (the scheduler's sweep) and promotes the
  // clusters they led; then indexes postings an earlier error or crash left unsearchable.
  // Returns how many expired. Errors: as Write (an indexing error after the expiry committed
  // leaves the postings expired).
  absl::StatusOr<int64_t> ExpirePastDue();

 private:
  struct Burst;

  // Write without the search indexer's bookkeeping.
  absl::StatusOr<WriteCounts> WritePage(const PreparedPage& page, const NextPage& next);
  // A page's stored state and duplicate decisions, read beside the writing of the page before.
  absl::StatusOr<internal::PageReading> ReadAhead(const PreparedPage& page,
                                                  const internal::PageBefore& before) const;

  Database& db_;
  DuplicateResolver resolver_;
  PostingSearchIndexer search_indexer_;
  std::unique_ptr<Burst> burst_;
  int64_t pages_read_ahead_ = 0;
};

// SHA-256 (64 hex digits) of a row's content: every field but raw. Exposed for tests.
std::string PostingContentHash(const PostingRow& row);

}  // namespace jobrec::store
