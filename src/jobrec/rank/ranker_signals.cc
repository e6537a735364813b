#include "jobrec/rank/ranker_signals.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "jobrec/feedback/learned_part.h"
#include "jobrec/rank/bm25_index.h"
#include "jobrec/rank/engine_loader.h"
#include "jobrec/rank/posting_vector.h"
#include "jobrec/store/learned_profile_repo.h"
#include "jobrec/store/posting_reader.h"

namespace jobrec::rank {
namespace {

double Cosine(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size() || a.empty()) return 0;
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

// Highest cosine between `vector` and the rated vectors other than posting `self`.
std::optional<double> Nearest(const std::vector<RatedVector>& rated, int64_t self,
                              const std::vector<float>& vector) {
  std::optional<double> best;
  for (const auto& r : rated) {
    if (r.posting_id == self) continue;
    const double s = Cosine(r.vector, vector);
    if (!best || s > *best) best = s;
  }
  return best;
}

// The keyword scorer's documents: the visible loaded postings (in any order: it keeps each
// posting's tokens by id).
std::vector<Bm25Document> KeywordDocuments(const RankerInputs& inputs) {
  std::vector<Bm25Document> documents;
  for (const auto& [id, posting] : inputs.visible) documents.push_back({id, posting.title, posting.description});
  return documents;
}

}  // namespace

feedback::PostingFacts PostingFactsOf(const store::StoredPosting& posting, store::Timestamp now) {
  feedback::PostingFacts facts{.title = posting.title,
                               .description = posting.description,
                               .remote = posting.remote == "unknown" ? "" : posting.remote,
                               .city = posting.city,
                               .region = posting.region,
                               .country = posting.country,
                               .location_text = posting.location_text};
  const auto zone = posting.labels.find("job_zone");
  if (zone != posting.labels.end() && zone->is_number_integer()) facts.job_zone = zone->get<int>();
  if (posting.salary) {
    facts.salary_min = posting.salary->min;
    facts.salary_max = posting.salary->max;
    facts.salary_currency = posting.salary->currency;
    facts.salary_period = posting.salary->period;
  }
  if (posting.posted_at) {
    facts.age_days = std::max(0.0, std::chrono::duration<double>(now - *posting.posted_at).count() / 86400);
  }
  return facts;
}

absl::StatusOr<RankerInputs> LoadRankerInputs(store::Database& db, const std::string& model_version,
                                              int64_t user_id, const std::vector<store::StoredReview>& reviews,
                                              const std::vector<int64_t>& posting_ids) {
  std::unordered_map<int64_t, double> rated_scores;
  std::vector<int64_t> rated_ids;
  for (const auto& review : reviews) {
    if (auto score = feedback::TeachingScore(review)) {
      rated_scores[review.posting_id] = *score;
      rated_ids.push_back(review.posting_id);
    }
  }
  store::LearnedProfileRepo vectors(db);
  JOBREC_ASSIGN_OR_RETURN(const auto rated_rows, vectors.RatedPostings(model_version, rated_ids));
  RankerInputs inputs;
  for (const auto& row : rated_rows) {
    const double score = rated_scores[row.posting_id];
    if (score < feedback::kLikedScore && score > feedback::kDislikedScore) continue;
    (score >= feedback::kLikedScore ? inputs.liked : inputs.disliked)
        .push_back({row.posting_id, CombinePostingVector(row.title_vector, row.description_vector)});
  }
  JOBREC_ASSIGN_OR_RETURN(auto candidate_rows, vectors.RatedPostings(model_version, posting_ids));
  for (auto& row : candidate_rows) {
    const int64_t id = row.posting_id;
    inputs.vectors.emplace(id, std::move(row));
  }
  JOBREC_ASSIGN_OR_RETURN(auto postings, store::PostingReader(db).GetVisible(user_id, posting_ids));
  for (auto& posting : postings) {
    const int64_t id = posting.id;
    inputs.visible.emplace(id, std::move(posting));
  }
  return inputs;
}

RankerCandidates::RankerCandidates(std::shared_ptr<const RankerInputs> inputs, const profile::Profile& profile,
                                   std::vector<float> profile_vector)
    : inputs_(std::move(inputs)),
      profile_(profile),
      profile_vector_(std::move(profile_vector)),
      keyword_(ProfileKeywordQuery(profile_), KeywordDocuments(*inputs_)) {
  for (const auto& [id, row] : inputs_->vectors) {
    const auto posting = inputs_->visible.find(id);
    if (posting == inputs_->visible.end()) continue;
    const std::vector<float> combined = CombinePostingVector(row.title_vector, row.description_vector);
    candidates_[id] = {.posting = &posting->second,
                       .signals = {.engine_score = Cosine(profile_vector_, combined),
                                   .title_similarity = Cosine(profile_vector_, row.title_vector),
                                   .description_similarity = Cosine(profile_vector_, row.description_vector),
                                   .liked_similarity = Nearest(inputs_->liked, id, combined),
                                   .disliked_similarity = Nearest(inputs_->disliked, id, combined)}};
  }
}

std::unordered_map<int64_t, std::vector<double>> RankerCandidates::Features(
    const std::vector<int64_t>& posting_ids, const std::unordered_map<int64_t, int>& llm_scores) const {
  // The visible postings of `posting_ids`, in that order: the keyword score's set.
  std::vector<int64_t> visible;
  for (const int64_t id : posting_ids) {
    if (inputs_->visible.contains(id)) visible.push_back(id);
  }
  const std::unordered_map<int64_t, double> keyword = keyword_.Scores(visible);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::unordered_map<int64_t, std::vector<double>> features;
  for (const int64_t id : posting_ids) {
    const auto it = candidates_.find(id);
    if (it == candidates_.end()) continue;
    feedback::RankerSignals signals = it->second.signals;
    const auto keyword_it = keyword.find(id);
    signals.keyword_score = keyword_it == keyword.end() ? 0.0 : keyword_it->second;
    const auto llm_it = llm_scores.find(id);
    if (llm_it != llm_scores.end()) signals.llm_score = llm_it->second;
    features[id] = feedback::RankerFeatures(profile_, PostingFactsOf(*it->second.posting, now), signals);
  }
  return features;
}

absl::StatusOr<std::unordered_map<int64_t, std::vector<double>>> UserRankerFeatures(
    store::Database& db, const std::string& model_version, int64_t user_id,
    const profile::Profile& profile, const std::vector<float>& profile_vector,
    const std::vector<store::StoredReview>& reviews, const std::vector<int64_t>& posting_ids,
    const std::unordered_map<int64_t, int>& llm_scores) {
  JOBREC_ASSIGN_OR_RETURN(RankerInputs inputs, LoadRankerInputs(db, model_version, user_id, reviews, posting_ids));
  const RankerCandidates candidates(std::make_shared<const RankerInputs>(std::move(inputs)), profile, profile_vector);
  return candidates.Features(posting_ids, llm_scores);
}

}  // namespace jobrec::rank
