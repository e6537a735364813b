// Read-only word -> id table for the embedder's hot path: open addressing over one contiguous
// character buffer, looked up by string_view without allocating.
//
// Thread-safety: immutable after construction; Find may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jobrec::embed {

class VocabularyTable {
 public:
  // words[i] gets id i. Duplicate words keep their first id.
  explicit VocabularyTable(const std::vector<std::string>& words);

  // The id of `word`, or -1.
  int32_t Find(std::string_view word) const;
  size_t size() const { return offsets_.size() - 1; }

 private:
  std::string_view WordAt(int32_t id) const {
    return std::string_view(chars_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }

  std::string chars_;              // all words back to back
  std::vector<uint32_t> offsets_;  // word i is chars_[offsets_[i], offsets_[i + 1])
  std::vector<int32_t> slots_;     // power-of-two open-addressing table of ids, -1 = empty
  uint64_t mask_ = 0;
};

}  // namespace jobrec::embed
