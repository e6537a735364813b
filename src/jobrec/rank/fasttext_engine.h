// The fastText recommendation engine: the profile's vector (profile_vector.h) against the
// vector index of postings, with the request's filters, plus an explanation per posting.
// A posting's index vector is the weighted sum of its unit title and description vectors
// (posting_vector.h, the combination `jobrec eval` measured best). A query searches twice: the
// profile vector, then that vector moved toward its first hits (query_expansion.h).
//
// The engine also owns the cache of its users' ideal postings' vectors (ideal_postings_cache.h),
// which a signed-in user's recommendations (learned_profile.h) use instead of embedding the
// postings again on every request.
//
// Thread-safety: immutable after construction apart from that cache, which is thread-safe;
// the index holder and embedder are thread-safe, so every call may be made concurrently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/index/index_holder.h"
#include "jobrec/index/index_options.h"
#include "jobrec/profile/profile.h"
#include "jobrec/rank/explanation.h"
#include "jobrec/rank/ideal_postings_cache.h"
#include "jobrec/store/database.h"
#include "jobrec/store/posting_vector_repo.h"

namespace jobrec::rank {

// The index row of a stored vector pair: CombinePostingVector(t, d) with the posting's filter
// attributes.
// Returns nullopt when both vectors are zero (nothing to find it by).
std::optional<index::IndexRow> IndexRowOf(const store::IndexedPostingVector& stored);

// Builds the index of every visible posting's vectors of `model_version`.
// Errors: the store's; the index's (InvalidArgument for a vector of the wrong dimension).
absl::StatusOr<std::unique_ptr<index::VectorIndex>> BuildPostingIndex(
    store::Database& db, const std::string& model_version, int dim,
    const index::IndexOptions& options);

// The profile's work-mode preference as the index filters it.
index::RemotePreference RemotePreferenceOf(const std::string& remote);

class FastTextEngine {
 public:
  FastTextEngine(std::shared_ptr<const embed::SentenceEmbedder> embedder,
                 std::string model_version, std::shared_ptr<index::IndexHolder> index,
                 std::shared_ptr<const TermStats> term_stats,
                 size_t ideal_postings_cache_users = kDefaultIdealPostingsCacheUsers);

  // The `limit` best postings passing `filter`, best first, score = cosine similarity to the
  // expanded profile vector (query_expansion.h).
  // Errors: FailedPrecondition when the profile has no word the model knows (nothing to
  // compare); Unavailable when no index is installed; the index's InvalidArgument for a bad
  // limit.
  absl::StatusOr<std::vector<index::SearchHit>> Recommend(const profile::Profile& profile,
                                                          const index::SearchFilter& filter,
                                                          size_t limit) const;

  // The `limit` best postings passing `filter` for a query vector, expanded by its first hits
  // (query_expansion.h): what Recommend and a signed-in user's recommendations
  // (learned_profile.h) both search with. Errors: Unavailable when no index is installed; the
  // index's InvalidArgument for a bad limit.
  absl::StatusOr<std::vector<index::SearchHit>> Search(const std::vector<float>& query,
                                                       const index::SearchFilter& filter,
                                                       size_t limit) const;

  Explanation Explain(const profile::Profile& profile, const std::string& title,
                      const std::string& description) const;

  const std::string& model_version() const { return model_version_; }
  const embed::SentenceEmbedder& embedder() const { return *embedder_; }
  index::IndexHolder& index() const { return *index_; }
  IdealPostingsCache& ideal_postings_cache() const { return *ideal_postings_cache_; }

 private:
  std::shared_ptr<const embed::SentenceEmbedder> embedder_;
  std::string model_version_;
  std::shared_ptr<index::IndexHolder> index_;
  std::shared_ptr<const TermStats> term_stats_;
  std::unique_ptr<IdealPostingsCache> ideal_postings_cache_;
};

}  // namespace jobrec::rank
