// Fetches a sync's pages ahead of its writer on a thread of its own, up to `depth` pages
// waiting, so that the writer finds the next page at hand and reads it while writing the one
// before (store/posting_writer.h). One fetch runs at a time: the connector is used by one
// thread at a time (connector.h).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/store/posting_writer.h"

namespace jobrec::ingest {

class PagePrefetcher {
 public:
  using Fetched = absl::StatusOr<std::unique_ptr<store::PreparedPage>>;
  // Fetches the page at a cursor; the page's pass gives the next cursor and whether it is the
  // last. An error ends the pages.
  using Fetch = std::function<Fetched(const nlohmann::json& cursor)>;

  PagePrefetcher(Fetch fetch, nlohmann::json first_cursor, size_t depth);
  // The destructor stops after the fetch under way, if any.
  PagePrefetcher(const PagePrefetcher&) = delete;
  PagePrefetcher& operator=(const PagePrefetcher&) = delete;

  // The next page, waiting for it. Not called again after an error or the last page.
  Fetched Next();
  // The next page if it is fetched already, else nullptr (an error is left for Next).
  std::unique_ptr<store::PreparedPage> TryNext();

 private:
  void Run(std::stop_token stop, nlohmann::json cursor);

  const Fetch fetch_;
  const size_t depth_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<Fetched> ready_;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace jobrec::ingest
