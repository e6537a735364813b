#include "jobrec/ingest/pg_posting_sink.h"

#include "jobrec/ingest/posting_record.h"
#include "jobrec/store/posting_writer.h"

namespace jobrec::ingest {

absl::StatusOr<UpsertCounts> PgPostingSink::Upsert(std::span<const Posting> postings) {
  store::PageWrite page;
  page.rows.reserve(postings.size());
  for (const Posting& posting : postings) page.rows.push_back(ToPostingRow(posting));
  store::PostingWriter writer(db_, NewDuplicateResolver());
  absl::StatusOr<store::WriteCounts> written = writer.Write(std::move(page));
  // The sink's contract names a constraint violation InvalidArgument (a caller bug).
  if (absl::IsFailedPrecondition(written.status())) {
    return absl::InvalidArgumentError(written.status().message());
  }
  if (!written.ok()) return written.status();
  UpsertCounts counts;
  counts.inserted = static_cast<size_t>(written->inserted);
  counts.updated = static_cast<size_t>(written->updated);
  counts.unchanged = static_cast<size_t>(written->unchanged);
  return counts;
}

}  // namespace jobrec::ingest
