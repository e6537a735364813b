#include "jobrec/index/index_holder.h"

namespace jobrec::index {

std::shared_ptr<VectorIndex> IndexHolder::Swap(std::shared_ptr<VectorIndex> next) {
  return current_.exchange(std::move(next));
}

absl::Status IndexHolder::Add(std::span<const IndexRow> rows, const std::string& model_version) {
  std::shared_ptr<VectorIndex> index = current_.load();
  if (index == nullptr) return absl::UnavailableError("no index is loaded yet");
  return index->Add(rows, model_version);
}

size_t IndexHolder::Remove(std::span<const int64_t> posting_ids) {
  std::shared_ptr<VectorIndex> index = current_.load();
  return index == nullptr ? 0 : index->Remove(posting_ids);
}

}  // namespace jobrec::index
