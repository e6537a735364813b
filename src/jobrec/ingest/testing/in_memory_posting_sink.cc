#include "jobrec/ingest/testing/in_memory_posting_sink.h"

#include "jobrec/ingest/posting_json.h"

namespace jobrec::ingest::testing {

absl::StatusOr<UpsertCounts> InMemoryPostingSink::Upsert(std::span<const Posting> postings) {
  std::lock_guard lock(mu_);
  ++calls_;
  if (fail_next_ > 0) {
    --fail_next_;
    return absl::UnavailableError("in-memory sink: injected failure");
  }
  for (const Posting& p : postings) {
    if (p.provider.empty() || p.external_id.empty()) {
      return absl::InvalidArgumentError("posting without provider or external_id");
    }
  }
  UpsertCounts counts;
  for (const Posting& p : postings) {
    auto [it, inserted] = postings_.try_emplace({p.provider, p.external_id}, p);
    if (inserted) {
      ++counts.inserted;
    } else if (PostingToJson(it->second) == PostingToJson(p)) {
      ++counts.unchanged;
    } else {
      it->second = p;
      ++counts.updated;
    }
  }
  return counts;
}

void InMemoryPostingSink::FailNextUpserts(int count) {
  std::lock_guard lock(mu_);
  fail_next_ = count;
}

size_t InMemoryPostingSink::size() const {
  std::lock_guard lock(mu_);
  return postings_.size();
}

std::optional<Posting> InMemoryPostingSink::Find(const std::string& provider,
                                                 const std::string& external_id) const {
  std::lock_guard lock(mu_);
  auto it = postings_.find({provider, external_id});
  if (it == postings_.end()) return std::nullopt;
  return it->second;
}

std::vector<Posting> InMemoryPostingSink::All() const {
  std::lock_guard lock(mu_);
  std::vector<Posting> out;
  out.reserve(postings_.size());
  for (const auto& [key, p] : postings_) out.push_back(p);
  return out;
}

size_t InMemoryPostingSink::upsert_calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

}  // namespace jobrec::ingest::testing
