#include "jobrec/rank/ideal_postings_cache.h"

namespace jobrec::rank {

IdealPostingsCache::IdealPostingsCache(std::string model_version, size_t capacity)
    : model_version_(std::move(model_version)), capacity_(capacity) {}

std::shared_ptr<const IdealPostingsCache::Vectors> IdealPostingsCache::Find(int64_t user_id, int profile_version,
                                                                             const std::string& model_version,
                                                                             const std::vector<std::string>& texts) {
  std::lock_guard lock(mu_);
  const auto it = by_user_.find(user_id);
  if (it == by_user_.end() || model_version != model_version_ || it->second->profile_version != profile_version ||
      it->second->texts != texts) {
    ++misses_;
    return nullptr;
  }
  entries_.splice(entries_.begin(), entries_, it->second);
  ++hits_;
  return it->second->vectors;
}

void IdealPostingsCache::Put(int64_t user_id, int profile_version, const std::string& model_version,
                             std::vector<std::string> texts, std::shared_ptr<const Vectors> vectors) {
  if (capacity_ == 0 || model_version != model_version_) return;
  std::lock_guard lock(mu_);
  if (const auto it = by_user_.find(user_id); it != by_user_.end()) {
    entries_.erase(it->second);
    by_user_.erase(it);
  }
  entries_.push_front({user_id, profile_version, std::move(texts), std::move(vectors)});
  by_user_[user_id] = entries_.begin();
  if (entries_.size() > capacity_) {
    by_user_.erase(entries_.back().user_id);
    entries_.pop_back();
  }
}

size_t IdealPostingsCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

size_t IdealPostingsCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

size_t IdealPostingsCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace jobrec::rank
