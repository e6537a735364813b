#include "jobrec/embed/vocabulary_table.h"

#include "jobrec/embed/subword_hasher.h"

namespace jobrec::embed {

VocabularyTable::VocabularyTable(const std::vector<std::string>& words) {
  offsets_.reserve(words.size() + 1);
  offsets_.push_back(0);
  for (const std::string& w : words) {
    chars_ += w;
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  }
  // Load factor <= 0.5 keeps probe chains short.
  uint64_t capacity = 16;
  while (capacity < 2 * words.size()) capacity *= 2;
  slots_.assign(capacity, -1);
  mask_ = capacity - 1;
  for (size_t id = 0; id < words.size(); ++id) {
    const std::string_view word = WordAt(static_cast<int32_t>(id));
    uint64_t slot = FastTextHash(word) & mask_;
    while (slots_[slot] != -1) {
      if (WordAt(slots_[slot]) == word) break;
      slot = (slot + 1) & mask_;
    }
    if (slots_[slot] == -1) slots_[slot] = static_cast<int32_t>(id);
  }
}

int32_t VocabularyTable::Find(std::string_view word) const {
  uint64_t slot = FastTextHash(word) & mask_;
  while (true) {
    const int32_t id = slots_[slot];
    if (id == -1 || WordAt(id) == word) return id;
    slot = (slot + 1) & mask_;
  }
}

}  // namespace jobrec::embed
