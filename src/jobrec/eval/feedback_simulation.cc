#include "jobrec/eval/feedback_simulation.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <span>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "jobrec/eval/metrics.h"
#include "jobrec/eval/posting_space.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/rank/bm25_index.h"
#include "jobrec/rank/profile_vector.h"

namespace jobrec::eval {
namespace {

enum Method { kNone, kRefinement, kRanker, kBoth, kMethodCount };
constexpr const char* kMethodNames[kMethodCount] = {"no feedback", "profile refinement",
                                                    "learned ranker", "both"};
using feedback::kDislikedScore;
using feedback::kLikedScore;

bool UsesRanker(Method m) { return m == kRanker || m == kBoth; }
bool UsesRefinement(Method m) { return m == kRefinement || m == kBoth; }

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Standard normal noise fixed per (seed, user, posting): a user rates a posting the same way
// whichever method showed it, so the methods differ only in what they show.
double NoiseFor(uint64_t seed, size_t user, size_t row) {
  const uint64_t a = SplitMix64(seed ^ SplitMix64(user * 0x100000001b3ULL + row));
  const uint64_t b = SplitMix64(a);
  const double u1 = (static_cast<double>(a >> 11) + 1) / 9007199254740993.0;  // (0, 1]
  const double u2 = static_cast<double>(b >> 11) / 9007199254740992.0;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// What every user shares: the posting vectors (title, description, unit t + d), facts and BM25.
struct Pool {
  const EvalDataset& dataset;
  const std::vector<feedback::PostingFacts>& facts;
  const rank::PostingTextVectors& vectors;
  std::vector<float> combined;
  rank::Bm25Index bm25;

  const float* Title(size_t row) const { return &vectors.titles[row * vectors.dim]; }
  const float* Description(size_t row) const { return &vectors.descriptions[row * vectors.dim]; }
  const float* Combined(size_t row) const { return &combined[row * vectors.dim]; }
  size_t size() const { return dataset.postings.size(); }
};

std::vector<rank::Bm25Document> Bm25Documents(const EvalDataset& dataset) {
  std::vector<rank::Bm25Document> documents;
  documents.reserve(dataset.postings.size());
  for (const auto& p : dataset.postings) documents.push_back({p.id, p.title, p.description});
  return documents;
}

struct SimUser {
  size_t number = 0;  // position in the dataset's queries, for the noise
  profile::Profile profile;
  std::vector<float> base;  // unit profile vector
  std::unordered_map<int64_t, double> bm25;
  std::unordered_map<int64_t, int> grades;

  int Grade(int64_t id) const {
    auto it = grades.find(id);
    return it == grades.end() ? 0 : it->second;
  }
};

struct Rated {
  size_t row = 0;
  double score = 0;
  std::vector<double> features;  // as computed when the posting was shown
};

struct UserRun {
  std::vector<Rated> ratings;
  std::vector<double> ndcg;  // one per report_after entry
};

SimUser MakeUser(const Pool& pool, const embed::SentenceEmbedder& embedder, size_t number) {
  const EvalQuery& query = pool.dataset.queries[number];
  SimUser user{.number = number, .grades = {query.graded_postings.begin(),
                                            query.graded_postings.end()}};
  user.profile.job_titles = {query.profile.job_titles.front()};
  user.base = rank::ProfileVector(embedder, user.profile);
  for (const auto& hit : pool.bm25.Search(rank::ProfileQueryText(user.profile), pool.size())) {
    user.bm25[hit.id] = hit.score;
  }
  return user;
}

// Highest cosine between `row` and the rated postings on one side of the scale.
std::optional<double> NearestRated(const Pool& pool, size_t row, const std::vector<Rated>& ratings,
                                   bool liked) {
  std::optional<double> best;
  for (const auto& r : ratings) {
    if (liked ? r.score < kLikedScore : r.score > kDislikedScore) continue;
    const double s = Dot(pool.Combined(row), pool.Combined(r.row), pool.vectors.dim);
    if (!best || s > *best) best = s;
  }
  return best;
}

// `engine_scores` are the cosines with the vector that retrieved the candidates.
std::vector<std::vector<double>> CandidateFeatures(const Pool& pool, const SimUser& user,
                                                   const std::vector<size_t>& rows,
                                                   const std::vector<float>& engine_scores,
                                                   const std::vector<Rated>& ratings,
                                                   bool rated_similarity) {
  double best_bm25 = 0;
  for (size_t row : rows) {
    auto it = user.bm25.find(pool.dataset.postings[row].id);
    if (it != user.bm25.end()) best_bm25 = std::max(best_bm25, it->second);
  }
  std::vector<std::vector<double>> features;
  features.reserve(rows.size());
  const int dim = pool.vectors.dim;
  for (size_t row : rows) {
    auto it = user.bm25.find(pool.dataset.postings[row].id);
    const feedback::RankerSignals signals{
        .engine_score = engine_scores[row],
        .title_similarity = Dot(user.base.data(), pool.Title(row), dim),
        .description_similarity = Dot(user.base.data(), pool.Description(row), dim),
        .keyword_score = it == user.bm25.end() || best_bm25 <= 0 ? 0.0 : it->second / best_bm25,
        .liked_similarity =
            rated_similarity ? NearestRated(pool, row, ratings, true) : std::nullopt,
        .disliked_similarity =
            rated_similarity ? NearestRated(pool, row, ratings, false) : std::nullopt};
    features.push_back(feedback::RankerFeatures(user.profile, pool.facts[row], signals));
  }
  return features;
}

// The `k` rows not yet shown with the highest `scores`, best first, ties by row.
std::vector<size_t> TopUnshown(const std::vector<float>& scores, const std::vector<bool>& shown,
                               size_t k) {
  std::vector<size_t> rows;
  rows.reserve(scores.size());
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!shown[i]) rows.push_back(i);
  }
  k = std::min(k, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + k, rows.end(), [&](size_t a, size_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  });
  rows.resize(k);
  return rows;
}

double NdcgOfUnshown(const Pool& pool, const SimUser& user, const std::vector<size_t>& top,
                     const std::vector<bool>& shown) {
  std::vector<int64_t> ranking;
  for (size_t row : top) ranking.push_back(pool.dataset.postings[row].id);
  std::vector<int> ideal;
  for (const auto& [id, grade] : user.grades) {
    if (!shown[static_cast<size_t>(id - 1)]) ideal.push_back(grade);
  }
  return NdcgAtK(ranking, [&user](int64_t id) { return user.Grade(id); }, std::move(ideal), 10);
}

absl::StatusOr<UserRun> Simulate(const Pool& pool, const SimUser& user, Method method,
                                 const feedback::LinearModel* global,
                                 const FeedbackSimulationOptions& options) {
  const int dim = pool.vectors.dim;
  const size_t n = pool.size();
  std::vector<bool> shown(n, false);
  std::vector<float> scores(n);
  UserRun run;
  for (size_t round = 0; round <= options.rounds; ++round) {
    std::vector<float> profile = user.base;
    if (UsesRefinement(method) && !run.ratings.empty()) {
      std::vector<feedback::RatedVector> rated;
      for (const auto& r : run.ratings) {
        rated.push_back({{pool.Combined(r.row), pool.Combined(r.row) + dim}, r.score, 0});
      }
      profile = feedback::RefinedVector(
          user.base, feedback::LearnedDelta(rated, dim, options.rocchio), options.rocchio);
    }
    for (size_t i = 0; i < n; ++i) scores[i] = Dot(profile.data(), pool.Combined(i), dim);
    std::vector<size_t> candidates = TopUnshown(scores, shown, options.candidates);
    std::vector<std::vector<double>> features =
        CandidateFeatures(pool, user, candidates, scores, run.ratings,
                          options.rated_similarity_features);
    std::vector<size_t> order(candidates.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (UsesRanker(method)) {
      std::vector<feedback::RatedFeatures> rated;
      for (const auto& r : run.ratings) rated.push_back({r.features, r.score});
      JOBREC_ASSIGN_OR_RETURN(feedback::LinearModel model,
                              feedback::TrainUserRanker(*global, rated, options.ranker));
      order = feedback::RankCandidates(model, features);
    }
    order.resize(std::min(order.size(), options.shown_per_round));
    std::vector<size_t> top;
    for (size_t i : order) top.push_back(candidates[i]);
    if (std::find(options.report_after.begin(), options.report_after.end(), round) !=
        options.report_after.end()) {
      run.ndcg.push_back(NdcgOfUnshown(pool, user, top, shown));
    }
    if (round == options.rounds) break;
    for (size_t i : order) {
      const size_t row = candidates[i];
      const double rating = std::clamp(
          std::round(SimulatedRating(user.Grade(pool.dataset.postings[row].id)) +
                     options.rating_noise * NoiseFor(options.seed, user.number, row)),
          1.0, 10.0);
      run.ratings.push_back({row, rating, std::move(features[i])});
      shown[row] = true;
    }
  }
  return run;
}

absl::Status Validate(const EvalDataset& dataset, const std::vector<feedback::PostingFacts>& facts,
                      const rank::PostingTextVectors& vectors,
                      const FeedbackSimulationOptions& options) {
  const size_t n = dataset.postings.size();
  if (facts.size() != n || vectors.dim <= 0 || vectors.titles.size() != n * vectors.dim ||
      vectors.descriptions.size() != n * vectors.dim) {
    return absl::InvalidArgumentError("posting facts and vectors must have one row per posting");
  }
  for (size_t i = 0; i < n; ++i) {
    if (dataset.postings[i].id != static_cast<int64_t>(i) + 1) {
      return absl::InvalidArgumentError("posting ids must be their 1-based row");
    }
  }
  if (dataset.queries.size() < 2) {
    return absl::InvalidArgumentError("the simulation needs at least 2 users (queries)");
  }
  if (options.candidates == 0 || options.shown_per_round == 0) {
    return absl::InvalidArgumentError("candidates and shown_per_round must be positive");
  }
  for (size_t r : options.report_after) {
    if (r > options.rounds) {
      return absl::InvalidArgumentError(
          absl::StrCat("report_after ", r, " is beyond the ", options.rounds, " rounds"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

double SimulatedRating(int grade) {
  switch (grade) {
    case 3: return 9;
    case 2: return 7;
    case 1: return 5;
    default: return 2;
  }
}

absl::StatusOr<std::vector<feedback::PostingFacts>> ReadPostingFacts(const std::string& corpus) {
  JOBREC_ASSIGN_OR_RETURN(auto source,
                          ingest::JsonlSource::Open({.path = corpus, .page_size = 2000}));
  std::vector<feedback::PostingFacts> facts;
  std::vector<std::optional<ingest::TimePoint>> posted;
  nlohmann::json cursor;
  while (true) {
    JOBREC_ASSIGN_OR_RETURN(ingest::Page page, source->FetchPage(cursor));
    if (!page.rejected.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(corpus, ": ", page.rejected[0].where, ": ", page.rejected[0].reason));
    }
    for (const auto& p : page.postings) {
      feedback::PostingFacts f{.title = p.title,
                               .description = p.description,
                               .remote = p.remote == ingest::RemoteMode::kUnknown
                                             ? ""
                                             : ingest::RemoteModeName(p.remote),
                               .city = p.location.city,
                               .region = p.location.region,
                               .country = p.location.country,
                               .location_text = p.location.text};
      auto zone = p.labels.find("job_zone");
      if (zone != p.labels.end() && zone->is_number_integer()) f.job_zone = zone->get<int>();
      if (p.salary) {
        f.salary_min = p.salary->min;
        f.salary_max = p.salary->max;
        f.salary_currency = p.salary->currency;
        f.salary_period = p.salary->period;
      }
      facts.push_back(std::move(f));
      posted.push_back(p.posted_at);
    }
    if (page.last) break;
    cursor = page.next_cursor;
  }
  std::optional<ingest::TimePoint> newest;
  for (const auto& t : posted) {
    if (t && (!newest || *t > *newest)) newest = t;
  }
  for (size_t i = 0; i < facts.size(); ++i) {
    if (posted[i]) {
      facts[i].age_days = std::chrono::duration<double>(*newest - *posted[i]).count() / 86400;
    }
  }
  return facts;
}

absl::StatusOr<FeedbackSimulationResult> RunFeedbackSimulation(
    const EvalDataset& dataset, const std::vector<feedback::PostingFacts>& facts,
    const embed::SentenceEmbedder& embedder, const rank::PostingTextVectors& vectors,
    const FeedbackSimulationOptions& options) {
  JOBREC_RETURN_IF_ERROR(Validate(dataset, facts, vectors, options));
  const Pool pool{.dataset = dataset,
                  .facts = facts,
                  .vectors = vectors,
                  .combined = CombinedUnitVectors(vectors, dataset.postings.size()),
                  .bm25 = rank::Bm25Index(Bm25Documents(dataset))};
  const size_t users = dataset.queries.size();
  const size_t train_end = users / 2;

  FeedbackSimulationResult result{.report_after = options.report_after};
  // The global ranker learns from the train split's ratings, gathered without a ranker.
  std::vector<feedback::RatedFeatures> train;
  for (size_t u = 0; u < train_end; ++u) {
    const SimUser user = MakeUser(pool, embedder, u);
    if (std::all_of(user.base.begin(), user.base.end(), [](float v) { return v == 0; })) continue;
    ++result.train_users;
    for (Method method : {kNone, kRefinement}) {
      JOBREC_ASSIGN_OR_RETURN(UserRun run, Simulate(pool, user, method, nullptr, options));
      for (auto& r : run.ratings) train.push_back({std::move(r.features), r.score});
    }
  }
  result.train_ratings = train.size();
  JOBREC_ASSIGN_OR_RETURN(result.global_ranker,
                          feedback::TrainGlobalRanker(train, options.ranker));

  std::vector<std::vector<std::vector<double>>> ndcg(kMethodCount);  // method, user, round
  for (size_t u = train_end; u < users; ++u) {
    const SimUser user = MakeUser(pool, embedder, u);
    if (std::all_of(user.base.begin(), user.base.end(), [](float v) { return v == 0; })) {
      ++result.skipped_users;
      continue;
    }
    ++result.evaluated_users;
    for (int m = 0; m < kMethodCount; ++m) {
      JOBREC_ASSIGN_OR_RETURN(UserRun run, Simulate(pool, user, static_cast<Method>(m),
                                                    &result.global_ranker, options));
      ndcg[m].push_back(std::move(run.ndcg));
    }
  }
  for (int m = 0; m < kMethodCount; ++m) {
    FeedbackMethodScores scores{.method = kMethodNames[m]};
    for (size_t i = 0; i < options.report_after.size(); ++i) {
      std::vector<double> values;
      for (const auto& per_user : ndcg[m]) values.push_back(per_user[i]);
      scores.ndcg_at_10.push_back(Mean(values));
    }
    result.methods.push_back(std::move(scores));
  }
  return result;
}

std::string FormatFeedbackTable(const FeedbackSimulationResult& result) {
  size_t width = 6;
  for (const auto& m : result.methods) width = std::max(width, m.method.size());
  // The acceptance target is stated after 3 rounds; fall back to the last reported round.
  size_t target = result.report_after.empty() ? 0 : result.report_after.size() - 1;
  for (size_t i = 0; i < result.report_after.size(); ++i) {
    if (result.report_after[i] == 3) target = i;
  }
  std::string out = absl::StrFormat("%-*s", width, "method");
  for (size_t r : result.report_after) out += absl::StrFormat("  %9s", absl::StrCat("round ", r));
  if (!result.report_after.empty()) {
    out += absl::StrFormat("  vs none @%d", result.report_after[target]);
  }
  out += "\n";
  for (const auto& m : result.methods) {
    out += absl::StrFormat("%-*s", width, m.method);
    for (double v : m.ndcg_at_10) out += absl::StrFormat("  %9.4f", v);
    if (!m.ndcg_at_10.empty() && !result.methods.empty()) {
      const double none = result.methods.front().ndcg_at_10[target];
      out += none > 0 ? absl::StrFormat("  %+9.1f%%", 100 * (m.ndcg_at_10[target] / none - 1))
                      : std::string("  n/a");
    }
    out += "\n";
  }
  return out;
}

}  // namespace jobrec::eval
