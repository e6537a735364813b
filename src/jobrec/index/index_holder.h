// The index the service currently answers from. Readers take a snapshot pointer and search it
// as long as they like; a rebuild for a new model version swaps a new index in atomically, and
// the old one is freed when its last reader lets go.
//
// Writers (new or removed postings) go through the holder to whatever index is current; a
// write carrying vectors of another model version fails with FailedPrecondition, so after a
// swap the caller re-embeds those postings with the new model. Postings added to the old
// index while the new one was being built must be replayed after the swap (the rebuild task
// re-embeds everything whose stored vector version is not the current model's).
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <memory>
#include <span>
#include <string>

#include "jobrec/index/vector_index.h"

namespace jobrec::index {

class IndexHolder {
 public:
  // nullptr until the first Swap.
  std::shared_ptr<const VectorIndex> Current() const { return current_.load(); }
  // Installs `next` and returns the previous index (nullptr if none).
  std::shared_ptr<VectorIndex> Swap(std::shared_ptr<VectorIndex> next);

  // Errors: Unavailable when no index is installed; otherwise VectorIndex::Add's.
  absl::Status Add(std::span<const IndexRow> rows, const std::string& model_version);
  // Returns how many postings were removed (0 when no index is installed).
  size_t Remove(std::span<const int64_t> posting_ids);

 private:
  std::atomic<std::shared_ptr<VectorIndex>> current_;
};

}  // namespace jobrec::index
