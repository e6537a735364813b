// The bridge from ingest's Posting to the store's rows: what the sync pipeline writes
// (store/posting_writer.h), with the dedupe signature (dedupe.h) and annualised salary
// (normalize_salary.h) computed here, and the duplicate rules of dedupe.h as the writer's
// DuplicateResolver.
//
// Pure functions; the resolver is immutable and safe to share.
#pragma once

#include "jobrec/ingest/dedupe.h"
#include "jobrec/ingest/posting.h"
#include "jobrec/store/posting_row.h"
#include "jobrec/store/posting_writer.h"

namespace jobrec::ingest {

// The row the store keeps for `posting`. Takes the posting by value: a caller done with it
// moves it in, and its text is not copied again.
store::PostingRow ToPostingRow(Posting posting);

// DuplicateFinder (dedupe.h) over the store's candidates.
store::DuplicateResolver NewDuplicateResolver(int simhash_threshold = kSimHashThreshold);

}  // namespace jobrec::ingest
