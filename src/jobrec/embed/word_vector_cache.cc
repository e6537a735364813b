#include "jobrec/embed/word_vector_cache.h"

#include <algorithm>

namespace jobrec::embed {

WordVectorCache::WordVectorCache(size_t capacity, int dim, int shards)
    : dim_(dim),
      shard_capacity_(capacity == 0 ? 0 : (capacity + shards - 1) / std::max(shards, 1)) {
  shards_.reserve(std::max(shards, 1));
  for (int i = 0; i < std::max(shards, 1); ++i) shards_.push_back(std::make_unique<Shard>());
}

WordVectorCache::Shard& WordVectorCache::ShardFor(std::string_view word) const {
  // The top bits pick the shard; unordered_map uses the low bits of the same hash.
  const size_t h = StringHash{}(word);
  return *shards_[(h >> 48) % shards_.size()];
}

bool WordVectorCache::Lookup(std::string_view word, float* out) const {
  if (shard_capacity_ == 0) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  Shard& shard = ShardFor(word);
  {
    std::lock_guard lock(shard.mu);
    auto it = shard.index.find(word);
    if (it != shard.index.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      std::copy(it->second->vec.begin(), it->second->vec.end(), out);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

void WordVectorCache::Insert(std::string_view word, const float* vec) {
  if (shard_capacity_ == 0) return;
  Shard& shard = ShardFor(word);
  std::lock_guard lock(shard.mu);
  if (shard.index.contains(word)) return;  // another thread computed it first
  if (shard.lru.size() >= shard_capacity_) {
    shard.index.erase(shard.lru.back().word);
    shard.lru.pop_back();
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  shard.lru.push_front(Entry{std::string(word), std::vector<float>(vec, vec + dim_)});
  shard.index.emplace(shard.lru.front().word, shard.lru.begin());
}

WordVectorCacheStats WordVectorCache::Stats() const {
  WordVectorCacheStats stats;
  stats.hits = hits_.load(std::memory_order_relaxed);
  stats.misses = misses_.load(std::memory_order_relaxed);
  stats.evictions = evictions_.load(std::memory_order_relaxed);
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mu);
    stats.size += shard->lru.size();
  }
  return stats;
}

}  // namespace jobrec::embed
