// The vectors of a user's ideal postings (ideal_postings.h: IdealPostingVectors), kept so that
// a recommendation does not embed the same postings again on every request. One cache belongs
// to one fastText engine (fasttext_engine.h), so to one model version, which it checks too.
//
// An entry is the user's postings of one profile version and model version; a lookup names
// the user, the profile version and model version of the postings read from the store and
// their texts, and hits only when all four match. So a new profile version (or new postings
// for it) misses and its entry replaces the user's old one, and an entry never answers for
// other texts. Bounded: at most `capacity` users, the least recently used leave first;
// capacity 0 keeps nothing (every lookup misses).
//
// Thread-safe: one mutex around the entries; the vectors are immutable shared snapshots, so a
// caller keeps using them after their entry left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace jobrec::rank {

inline constexpr size_t kDefaultIdealPostingsCacheUsers = 4096;

class IdealPostingsCache {
 public:
  using Vectors = std::vector<std::vector<float>>;

  IdealPostingsCache(std::string model_version, size_t capacity);
  IdealPostingsCache(const IdealPostingsCache&) = delete;
  IdealPostingsCache& operator=(const IdealPostingsCache&) = delete;

  // The vectors stored for exactly these keys and texts; null on a miss.
  std::shared_ptr<const Vectors> Find(int64_t user_id, int profile_version, const std::string& model_version,
                                      const std::vector<std::string>& texts);
  // Stores `vectors` as the user's entry, replacing the user's previous one. A model version
  // other than the cache's is not stored (the vectors are of another model).
  void Put(int64_t user_id, int profile_version, const std::string& model_version, std::vector<std::string> texts,
           std::shared_ptr<const Vectors> vectors);

  size_t size() const;
  size_t hits() const;
  size_t misses() const;

 private:
  struct Entry {
    int64_t user_id = 0;
    int profile_version = 0;
    std::vector<std::string> texts;
    std::shared_ptr<const Vectors> vectors;
  };

  const std::string model_version_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<int64_t, std::list<Entry>::iterator> by_user_;
  size_t hits_ = 0;
  size_t misses_ = 0;
};

}  // namespace jobrec::rank
