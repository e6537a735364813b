#include "jobrec/ingest/page_prefetcher.h"

#include <utility>

namespace jobrec::ingest {

PagePrefetcher::PagePrefetcher(Fetch fetch, nlohmann::json first_cursor, size_t depth)
    : fetch_(std::move(fetch)), depth_(depth) {
  thread_ = std::thread([this, cursor = std::move(first_cursor)]() mutable { Run(std::move(cursor)); });
}

PagePrefetcher::~PagePrefetcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PagePrefetcher::Run(nlohmann::json cursor) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
      if (stopping_) return;
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
