// Bounded cache of computed word vectors for out-of-vocabulary words, so a word that recurs
// (a company name, a misspelling) is hashed into n-grams and averaged only once. Sharded LRU:
// each shard has its own mutex and holds at most ceil(capacity / shards) words, so concurrent
// embedders rarely contend and memory stays bounded whatever the input.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jobrec::embed {

struct WordVectorCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
  size_t size = 0;
};

class WordVectorCache {
 public:
  // capacity 0 disables caching (every Lookup misses, Insert does nothing).
  WordVectorCache(size_t capacity, int dim, int shards = 16);

  // Copies the cached vector of `word` into out[0..dim) and returns true, or returns false.
  bool Lookup(std::string_view word, float* out) const;
  // Stores vec[0..dim) for `word`, evicting the shard's least recently used word when full.
  void Insert(std::string_view word, const float* vec);

  WordVectorCacheStats Stats() const;
  size_t capacity() const { return shard_capacity_ * shards_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    std::string word;
    std::vector<float> vec;
  };
  struct Shard {
    mutable std::mutex mu;
    mutable std::list<Entry> lru;  // front = most recently used
    std::unordered_map<std::string_view, std::list<Entry>::iterator, StringHash,
                       std::equal_to<>>
        index;  // keys point into the list's words
  };

  Shard& ShardFor(std::string_view word) const;

  int dim_;
  size_t shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
  mutable std::atomic<uint64_t> hits_{0};
  mutable std::atomic<uint64_t> misses_{0};
  std::atomic<uint64_t> evictions_{0};
};

}  // namespace jobrec::embed
