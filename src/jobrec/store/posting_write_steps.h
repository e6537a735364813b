// Store-internal: the steps of PostingWriter::Write (posting_writer.h), each a few statements
// on the write transaction. Split by concern: posting_writer.cc (copies, rewrites, run
// bookkeeping), posting_dedupe.cc (duplicate decisions), posting_expiry.cc (finishing a pass,
// expiry and cluster promotion). libpqxx exceptions propagate to RunTransaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "jobrec/store/posting_writer.h"

namespace jobrec::store::internal {

// A new or changed posting of the page, as the writer is about to store it.
struct IncomingPosting {
  int32_t n = 0;  // its row number: in the temporary table posting_incoming and PreparedPage
  const PostingRow* row = nullptr;
  int64_t id = 0;                       // its stored id, or the id allocated for it
  bool exists = false;                  // an update of a stored posting
  bool active = false;                  // not past expires_at
  bool leads_cluster = false;           // stored postings point at it as their canonical posting
  std::optional<int64_t> canonical_id;  // what it is stored with (the decision below)
};

// A page's reading: its rows against the stored postings, and the duplicate decisions.
struct PageReading {
  std::vector<IncomingPosting> incoming;  // new and changed, decided, sorted by id
  std::vector<int64_t> unchanged;
  int64_t duplicates = 0;
  // Stored postings change beyond the page's new ones (changed or moved postings): the next
  // page's reading must see them, so it cannot be read ahead.
  bool rewrites_stored = false;
  // A read-ahead that met what only the write transaction may do (moving postings, a key the
  // page before wrote): the page is read again there.
  bool usable = true;
};

// A page's stored state and duplicate decisions, in its write transaction (`before` null, where
// unchanged postings whose status or source moved are moved first), or ahead of it beside the
// writing of the page before (posting_read_ahead.h).
// `rows` and `keys` are the PreparedPage's of `page`.
PageReading ReadPage(pqxx::work& tx, const PageWrite& page, const std::vector<const PostingRow*>& rows,
                     const std::vector<std::string>& keys, const DuplicateResolver& resolver,
                     const PageBefore* before);

// A posting's unique key as one string.
std::string RowKey(const std::string& provider, const std::string& external_id);

// PostgreSQL array literal of bigints: "{1,2}".
std::string BigintArrayLiteral(const std::vector<int64_t>& values);

// Decides canonical_id for each posting of `incoming` (sorted by id): an active posting that
// leads no cluster is compared with its candidates — stored active postings found by SQL, the
// page's earlier postings and `page_before` (the decided postings of the page written just
// before, which this transaction may not see: posting_writer.cc's read-ahead) — and linked to
// the canonical posting of the first match the resolver picks; the others keep their stored
// canonical_id. Returns how many are linked.
int64_t DecideDuplicates(pqxx::work& tx, std::vector<IncomingPosting>& incoming, const DuplicateResolver& resolver,
                         std::span<const IncomingPosting> page_before = {});

// Finishes a pass on its last page: expiry by absence (full sync) and by date for the source's
// postings, promotion, the cursor for the next pass. Returns how many postings expired.
int64_t FinishPass(pqxx::work& tx, const PassPage& pass);

// Expires active postings past their expires_at (of one source, or all) and promotes the
// clusters they led. Returns how many expired.
int64_t ExpirePastDue(pqxx::work& tx, std::optional<int64_t> source_id);

}  // namespace jobrec::store::internal
