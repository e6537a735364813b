// Test helpers for connectors: an HttpClient with short backoffs, a loop that runs a whole
// sync the way the ingest task does (FetchPage until a page says it is the last), and small
// lookups over its result.
//
// Thread-safety: plain functions; the results are values.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"
#include "jobrec/ingest/connector.h"

namespace jobrec::ingest::testing {

// Retries up to `max_attempts` with a 10 ms backoff base; Retry-After is honoured up to 3 s.
std::shared_ptr<common::HttpClient> FastHttpClient(int max_attempts = 3);

struct SyncResult {
  std::vector<Posting> postings;
  std::vector<Rejection> rejected;
  std::vector<nlohmann::json> cursors;  // next_cursor of each page, in order
  int pages = 0;
};

// Calls FetchPage from `cursor` until a page is the last (or `max_pages` pages, which a test
// treats as a runaway). Returns the first error.
absl::StatusOr<SyncResult> RunSync(Connector& connector, const nlohmann::json& cursor = nullptr,
                                   int max_pages = 20);

// The posting with this external id, or nullptr.
const Posting* FindPosting(const SyncResult& result, const std::string& external_id);

// ParseTimestamp for test literals; aborts on a typo.
TimePoint At(const std::string& timestamp);

}  // namespace jobrec::ingest::testing
