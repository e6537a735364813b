#include "jobrec/ingest/testing/sync_driver.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/normalize_date.h"

namespace jobrec::ingest::testing {

std::shared_ptr<common::HttpClient> FastHttpClient(int max_attempts) {
  common::HttpClientOptions options;
  options.max_attempts = max_attempts;
  options.backoff_base = std::chrono::milliseconds(10);
  options.backoff_max = std::chrono::milliseconds(3'000);
  options.connect_timeout = std::chrono::milliseconds(2'000);
  return common::NewCurlHttpClient(options);
}

absl::StatusOr<SyncResult> RunSync(Connector& connector, const nlohmann::json& cursor,
                                   int max_pages) {
  SyncResult result;
  nlohmann::json next = cursor;
  while (result.pages < max_pages) {
    JOBREC_ASSIGN_OR_RETURN(Page page, connector.FetchPage(next));
    ++result.pages;
    for (auto& posting : page.postings) result.postings.push_back(std::move(posting));
    for (auto& rejection : page.rejected) result.rejected.push_back(std::move(rejection));
    result.cursors.push_back(page.next_cursor);
    next = page.next_cursor;
    if (page.last) return result;
  }
  return absl::InternalError(absl::StrCat("sync did not finish within ", max_pages, " pages"));
}

const Posting* FindPosting(const SyncResult& result, const std::string& external_id) {
  for (const auto& posting : result.postings) {
    if (posting.external_id == external_id) return &posting;
  }
  return nullptr;
}

TimePoint At(const std::string& timestamp) {
  auto parsed = ParseTimestamp(timestamp);
  if (!parsed.ok()) {
    std::fprintf(stderr, "bad test timestamp %s\n", timestamp.c_str());
    std::abort();
  }
  return *parsed;
}

}  // namespace jobrec::ingest::testing
