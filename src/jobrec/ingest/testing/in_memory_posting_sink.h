// A PostingSink that keeps postings in a map keyed by (provider, external_id): the fake the
// ingest tests use in place of the PostgreSQL repository. "Changed" compares the serialised
// postings. FailNextUpserts() makes the next calls fail with Unavailable and store nothing,
// to test that callers do not advance their cursor past an unsaved page.
//
// Thread-safety: all calls are safe from any thread.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobrec/ingest/posting_sink.h"

namespace jobrec::ingest::testing {

class InMemoryPostingSink : public PostingSink {
 public:
  absl::StatusOr<UpsertCounts> Upsert(std::span<const Posting> postings) override;

  void FailNextUpserts(int count);
  size_t size() const;
  std::optional<Posting> Find(const std::string& provider, const std::string& external_id) const;
  std::vector<Posting> All() const;  // in key order
  size_t upsert_calls() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Posting> postings_;
  int fail_next_ = 0;
  size_t calls_ = 0;
};

}  // namespace jobrec::ingest::testing
