// The last step every source runs on a Posting before handing it on: cleans the single-line
// fields, repairs the description's encoding, bounds the sizes and checks what the store
// requires. A source that gets an error here turns it into a Rejection for that item, so the
// sink only ever receives complete postings.
//
// Pure, thread-safe, never throws.
#pragma once

#include <cstddef>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// Longest values kept; longer ones are cut at a UTF-8 character boundary (descriptions with
// "…" appended). Generous: the longest real descriptions we have seen are ~60 KB.
inline constexpr size_t kMaxLineFieldBytes = 1024;
inline constexpr size_t kMaxDescriptionBytes = 200 * 1024;

// In place: CleanLine on provider, external_id, url, title, company and location parts;
// SanitizeUtf8 + FixMojibake on the description, trailing spaces removed from each line and
// at most one blank line in a row; employment_type checked against the five names (an
// unknown value becomes ""). A salary with neither bound is dropped.
// Errors (the posting must then be rejected): InvalidArgument naming the field, via
// common::InvalidField, when provider, external_id or title is empty after cleaning, or when
// posted_at is after expires_at.
absl::Status FinalizePosting(Posting& posting);

// A rejection reason for a person: "<field> <message>" when the status names a field
// (common::InvalidField), else the message ("title is empty", "invalid JSON").
std::string DescribeError(const absl::Status& status);

// Cuts `text` to at most `max_bytes` bytes without splitting a UTF-8 sequence.
std::string TruncateUtf8(const std::string& text, size_t max_bytes);

}  // namespace jobrec::ingest
