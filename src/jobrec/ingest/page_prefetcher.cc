#include "jobrec/ingest/page_prefetcher.h"

#include <utility>

namespace jobrec::ingest {

PagePrefetcher::PagePrefetcher(Fetch fetch, nlohmann::json first_cursor, size_t depth)
    : fetch_(std::move(fetch)),
      depth_(depth),
      thread_([this, cursor = std::move(first_cursor)](std::stop_token stop) mutable {
        Run(stop, std::move(cursor));
      }) {}

void PagePrefetcher::Run(std::stop_token stop, nlohmann::json cursor) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait(lock, stop, [&] { return ready_.size() < depth_; })) return;
    }
    Fetched fetched = fetch_(cursor);
    const bool end = !fetched.ok() || (*fetched)->page().pass->last;
    if (!end) cursor = (*fetched)->page().pass->next_cursor;
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(fetched));
    }
    changed_.notify_all();
    if (end) return;
  }
}

PagePrefetcher::Fetched PagePrefetcher::Next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty(); });
  Fetched fetched = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return fetched;
}

std::unique_ptr<store::PreparedPage> PagePrefetcher::TryNext() {
  std::lock_guard lock(mutex_);
  if (ready_.empty() || !ready_.front().ok()) return nullptr;
  std::unique_ptr<store::PreparedPage> page = *std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return page;
}

}  // namespace jobrec::ingest
