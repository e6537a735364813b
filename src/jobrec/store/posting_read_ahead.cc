#include "jobrec/store/posting_read_ahead.h"

#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace internal {

// The decided postings of a page, for the next page's read-ahead.
std::shared_ptr<const PageBefore> CopyBefore(const PageReading& reading) {
  auto before = std::make_shared<PageBefore>();
  before->rows.reserve(reading.incoming.size());
  before->postings.reserve(reading.incoming.size());
  for (const IncomingPosting& p : reading.incoming) {
    PostingRow& row = before->rows.emplace_back();
    row.provider = p.row->provider;
    row.external_id = p.row->external_id;
    row.country = p.row->country;
    row.remote = p.row->remote;
    row.posted_at = p.row->posted_at;
    row.description = p.row->description;
    row.dedupe = p.row->dedupe;
    IncomingPosting& copy = before->postings.emplace_back(p);
    copy.row = &row;
    before->keys.insert(RowKey(row.provider, row.external_id));
    if (p.canonical_id) before->canonical_ids.insert(*p.canonical_id);
  }
  return before;
}

}  // namespace internal

absl::StatusOr<internal::PageReading> PostingWriter::ReadAhead(const PreparedPage& page,
                                                               const internal::PageBefore& before) const {
  // One snapshot for the whole reading. The page before is being written meanwhile: whether or
  // not this snapshot sees it, its postings are taken from `before` (and left out of the SQL
  // candidates by id); a key it wrote makes this reading unusable.
  internal::PageReading reading;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_,
                                        {.name = "posting_writer.ReadAhead",
                                         .isolation = Isolation::kRepeatableRead,
                                         .settings = {{"jit", "off"}}},
                                        [&](pqxx::work& tx) {
                                          reading = internal::ReadPage(tx, page.page_, page.rows_, page.keys_,
                                                                       resolver_, &before);
                                          return absl::OkStatus();
                                        }));
  return reading;
}

}  // namespace jobrec::store
