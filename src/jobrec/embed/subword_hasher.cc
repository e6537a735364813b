#include "jobrec/embed/subword_hasher.h"

#include <string>

namespace jobrec::embed {

uint32_t FastTextHash(std::string_view bytes) {
  uint32_t h = 2166136261u;
  for (char c : bytes) {
    h ^= static_cast<uint32_t>(static_cast<int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

void AppendSubwordRows(std::string_view word, const SubwordParams& params,
                       std::vector<int32_t>* rows) {
  if (params.maxn <= 0 || params.bucket <= 0 || word == "</s>") return;
  std::string wrapped;
  wrapped.reserve(word.size() + 2);
  wrapped.push_back('<');
  wrapped.append(word);
  wrapped.push_back('>');
  const auto is_continuation = [&](size_t i) {
    return (static_cast<unsigned char>(wrapped[i]) & 0xC0) == 0x80;
  };
  const size_t size = wrapped.size();
  const auto bucket = static_cast<uint32_t>(params.bucket);
  for (size_t i = 0; i < size; ++i) {
    if (is_continuation(i)) continue;
    // Extend the n-gram one character at a time, hashing incrementally: the hash of a prefix
    // is the state FastTextHash would have reached after those bytes.
    uint32_t h = 2166136261u;
    size_t j = i;
    for (int n = 1; j < size && n <= params.maxn; ++n) {
      do {
        h ^= static_cast<uint32_t>(static_cast<int8_t>(wrapped[j]));
        h *= 16777619u;
        ++j;
      } while (j < size && is_continuation(j));
      if (n >= params.minn && !(n == 1 && (i == 0 || j == size))) {
        rows->push_back(params.nwords + static_cast<int32_t>(h % bucket));
      }
    }
  }
}

}  // namespace jobrec::embed
