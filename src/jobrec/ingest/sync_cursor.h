// The cursor every HTTP connector saves between pages and between syncs, as JSON:
//   {"next": 3, "since": "2024-05-01T00:00:00Z", "mark": "2024-05-08T06:00:00Z"}
// `next`  — the page number (or offset) of the next request; absent when the last sync
//           finished, so the next FetchPage starts a new sync.
// `since` — the lower bound of the sync in progress: only postings newer than it are wanted
//           (absent: a full sync).
// `mark`  — what becomes `since` of the next sync once this one finishes: the time this sync
//           started (providers filtered by age) or the newest item time seen so far
//           (providers filtered client-side).
//
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// The clock connectors read to date a sync; tests substitute a fixed one.
using NowFunction = std::function<TimePoint()>;
// The system clock, truncated to seconds.
TimePoint SystemNow();

struct SyncCursor {
  std::optional<int64_t> next;
  std::optional<TimePoint> since;
  std::optional<TimePoint> mark;

  // Reads a saved cursor; null is the empty cursor (first full sync).
  // Errors: InvalidArgument naming the field when the JSON is not such a cursor.
  static absl::StatusOr<SyncCursor> Parse(const nlohmann::json& cursor);

  // The cursor to work with for this FetchPage: unchanged when a sync is in progress,
  // otherwise a new sync from `first` that keeps `since` and starts `mark` at `start_mark`.
  SyncCursor Resume(int64_t first, std::optional<TimePoint> start_mark) const;

  // For providers filtered by age in days: the whole days from `since` to `mark` (the start
  // of this sync), rounded up, plus one so that no posting falls between two syncs; nullopt
  // for a full sync.
  std::optional<int> DaysBack() const;

  // For providers filtered client-side, per item: raises `mark` to the item's time and says
  // whether an earlier sync already delivered the item (its time is not after `since`). An
  // item without a time is never old.
  bool IsOld(std::optional<TimePoint> item_time);

  // The cursor to save after a page: `next` set to `next_position` unless `last`, in which
  // case {"since": mark} (or {"since": since} when no mark was set).
  nlohmann::json After(bool last, int64_t next_position) const;
};

}  // namespace jobrec::ingest
