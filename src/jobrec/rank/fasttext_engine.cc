#include "jobrec/rank/fasttext_engine.h"

#include <algorithm>

#include "jobrec/rank/posting_vector.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/query_expansion.h"

namespace jobrec::rank {
namespace {

constexpr int kIndexPage = 2000;

index::RemoteMode RemoteModeOf(const std::string& remote) {
  if (remote == "onsite") return index::RemoteMode::kOnsite;
  if (remote == "hybrid") return index::RemoteMode::kHybrid;
  if (remote == "remote") return index::RemoteMode::kRemote;
  return index::RemoteMode::kUnknown;
}

}  // namespace

std::optional<index::IndexRow> IndexRowOf(const store::IndexedPostingVector& stored) {
  index::IndexRow row{.posting_id = stored.posting_id,
                      .vector = CombinePostingVector(stored.title, stored.description)};
  if (std::all_of(row.vector.begin(), row.vector.end(), [](float x) { return x == 0; })) {
    return std::nullopt;
  }
  row.attributes = {.remote = RemoteModeOf(stored.remote),
                    .country = stored.country,
                    .city = stored.city,
                    .salary_max = stored.salary_annual_max,
                    .posted_at_unix = stored.posted_at_unix};
  return row;
}

absl::StatusOr<std::unique_ptr<index::VectorIndex>> BuildPostingIndex(
    store::Database& db, const std::string& model_version, int dim,
    const index::IndexOptions& options) {
  store::PostingVectorRepo repo(db);
  std::vector<index::IndexRow> rows;
  int64_t after_id = 0;
  while (true) {
    JOBREC_ASSIGN_OR_RETURN(auto page, repo.IndexRows(model_version, after_id, kIndexPage));
    if (page.empty()) break;
    after_id = page.back().posting_id;
    for (const auto& stored : page) {
      if (auto row = IndexRowOf(stored)) rows.push_back(*std::move(row));
    }
  }
  return index::VectorIndex::Build(rows, model_version, dim, options);
}

index::RemotePreference RemotePreferenceOf(const std::string& remote) {
  if (remote == "onsite") return index::RemotePreference::kOnsite;
  if (remote == "hybrid") return index::RemotePreference::kHybrid;
  if (remote == "remote") return index::RemotePreference::kRemote;
  return index::RemotePreference::kAny;
}

FastTextEngine::FastTextEngine(std::shared_ptr<const embed::SentenceEmbedder> embedder,
                               std::string model_version,
                               std::shared_ptr<index::IndexHolder> index,
                               std::shared_ptr<const TermStats> term_stats,
                               size_t ideal_postings_cache_users)
    : embedder_(std::move(embedder)),
      model_version_(std::move(model_version)),
      index_(std::move(index)),
      term_stats_(std::move(term_stats)),
      ideal_postings_cache_(std::make_unique<IdealPostingsCache>(model_version_, ideal_postings_cache_users)) {}

absl::StatusOr<std::vector<index::SearchHit>> FastTextEngine::Recommend(
    const profile::Profile& profile, const index::SearchFilter& filter, size_t limit) const {
  const std::vector<float> query = ProfileVector(*embedder_, profile);
  bool nonzero = false;
  for (float x : query) nonzero = nonzero || x != 0;
  if (!nonzero) {
    return absl::FailedPreconditionError(
        "the profile has no word the model knows: add job titles or skills in plain words");
  }
  return Search(query, filter, limit);
}

absl::StatusOr<std::vector<index::SearchHit>> FastTextEngine::Search(const std::vector<float>& query,
                                                                     const index::SearchFilter& filter,
                                                                     size_t limit) const {
  const std::shared_ptr<const index::VectorIndex> current = index_->Current();
  if (!current) return absl::UnavailableError("engine warming up: the index is not built yet");
  JOBREC_ASSIGN_OR_RETURN(index::SearchResult first,
                          current->Search(query, kExpansionPostings, filter));
  std::vector<std::vector<float>> feedback;
  for (const auto& hit : first.hits) {
    if (auto v = current->UnitVectorOf(hit.posting_id)) feedback.push_back(*std::move(v));
  }
  JOBREC_ASSIGN_OR_RETURN(const std::vector<float> expanded,
                          ExpandQuery(query, feedback, kExpansionWeight));
  JOBREC_ASSIGN_OR_RETURN(index::SearchResult result, current->Search(expanded, limit, filter));
  return std::move(result.hits);
}

Explanation FastTextEngine::Explain(const profile::Profile& profile, const std::string& title,
                                    const std::string& description) const {
  return rank::Explain(profile, title, description, *term_stats_);
}

}  // namespace jobrec::rank
