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

struct RatedVector {
  int64_t posting_id = 0;
  std::vector<float> vector;  // title and description combined
};

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

// BM25 of the profile's keyword query over `postings` (idf of these postings), divided by the
// best, by posting id; empty when no posting matches a query term.
std::unordered_map<int64_t, double> KeywordScores(const profile::Profile& profile,
                                                  const std::vector<store::StoredPosting>& postings) {
  std::vector<Bm25Document> documents;
  for (const auto& posting : postings) documents.push_back({posting.id, posting.title, posting.description});
  const Bm25Index index(documents);
  const std::string query = ProfileKeywordQuery(profile);
  std::unordered_map<int64_t, double> out;
  double best = 0;
  for (const auto& posting : postings) {
    const double score = index.Score(query, posting.id);
    out[posting.id] = score;
    best = std::max(best, score);
  }
  if (best <= 0) return {};
  for (auto& [id, score] : out) score /= best;
  return out;
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

absl::StatusOr<std::unordered_map<int64_t, std::vector<double>>> UserRankerFeatures(
    store::Database& db, const std::string& model_version, int64_t user_id,
    const profile::Profile& profile, const std::vector<float>& profile_vector,
    const std::vector<store::StoredReview>& reviews, const std::vector<int64_t>& posting_ids,
    const std::unordered_map<int64_t, int>& llm_scores) {
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
  std::vector<RatedVector> liked, disliked;
  for (const auto& row : rated_rows) {
    const double score = rated_scores[row.posting_id];
    if (score < feedback::kLikedScore && score > feedback::kDislikedScore) continue;
    (score >= feedback::kLikedScore ? liked : disliked)
        .push_back({row.posting_id, CombinePostingVector(row.title_vector, row.description_vector)});
  }

  JOBREC_ASSIGN_OR_RETURN(const auto candidate_rows, vectors.RatedPostings(model_version, posting_ids));
  JOBREC_ASSIGN_OR_RETURN(const auto postings, store::PostingReader(db).GetVisible(user_id, posting_ids));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& posting : postings) by_id[posting.id] = &posting;
  const std::unordered_map<int64_t, double> keyword = KeywordScores(profile, postings);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());

  std::unordered_map<int64_t, std::vector<double>> features;
  for (const auto& row : candidate_rows) {
    const auto posting = by_id.find(row.posting_id);
    if (posting == by_id.end()) continue;
    const std::vector<float> combined = CombinePostingVector(row.title_vector, row.description_vector);
    const auto keyword_it = keyword.find(row.posting_id);
    const auto llm_it = llm_scores.find(row.posting_id);
    const feedback::RankerSignals signals{
        .engine_score = Cosine(profile_vector, combined),
        .title_similarity = Cosine(profile_vector, row.title_vector),
        .description_similarity = Cosine(profile_vector, row.description_vector),
        .keyword_score = keyword_it == keyword.end() ? 0.0 : keyword_it->second,
        .llm_score = llm_it == llm_scores.end() ? std::nullopt : std::optional<double>(llm_it->second),
        .liked_similarity = Nearest(liked, row.posting_id, combined),
        .disliked_similarity = Nearest(disliked, row.posting_id, combined)};
    features[row.posting_id] =
        feedback::RankerFeatures(profile, PostingFactsOf(*posting->second, now), signals);
  }
  return features;
}

}  // namespace jobrec::rank
