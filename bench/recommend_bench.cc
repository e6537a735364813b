// The recommendation hot path end to end: what GET /api/v1/recommendations (engine=fasttext and
// engine=hybrid) and `jobrec recommend` run for a signed-in user, against a real PostgreSQL.
//
//   bench/run_recommend_bench.sh [BUILD_DIR]     starts a PostgreSQL and runs this
//   recommend_bench --database-url URL [--calls 300] [--limit 20] [--dim 32] [--epoch 2]
//
// Setup (timed, not part of the table): the demo corpus loaded into a fresh database as `serve`
// does on first start, a small fastText model trained on it (--dim, --epoch), the postings
// embedded and the index built (FastTextService::WarmUp, as serve's warm-up); a user with a
// profile, --reviews ratings (half high, half low, of postings near the profile), three stored
// ideal postings of the current profile version and LLM scores of the first 50 candidates.
//
// Measured, in the same run and interleaved call by call so that both sides of a comparison see
// the same machine load:
//   - fastText, no ranker: rank::RecommendForUser with the engine's ideal-postings cache and
//     with a twin engine whose cache holds nothing (the code before the cache);
//   - fastText with a trained ranker (global + user model stored): the same two;
//   - hybrid with the ranker: the candidates and their learned order as the route makes them
//     now (UserRecommendationsFor, LearnedHybridOrder over its RankerCandidates) and as it made
//     them before (RecommendForUser without the cache, RankerModelFor again, the ranker's
//     inputs read and its features made again; with today's keyword scorer);
//   - each stage alone (the public functions the path calls, in the path's order), including
//     the keyword scores as built before (a Bm25Index per set) and now (KeywordScorer);
//   - the baseline: the index search alone with the path's query, candidate count and filter,
//     the part every variant must do.
// Pairs of results (after, before) are compared outside the timed calls; a difference is
// reported and fails the run. The tables are analyzed (psql -c ANALYZE) before measuring unless
// --no-analyze.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_status.h"
#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/feedback/learned_part.h"
#include "jobrec/ingest/demo_corpus.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/rank/engine_loader.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/rank/keyword_scores.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/ranker_training.h"
#include "jobrec/rank/recommendation_filter.h"
#include "jobrec/rank/user_feedback.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/database_admin.h"
#include "jobrec/store/ideal_postings_repo.h"
#include "jobrec/store/learned_profile_repo.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/ranker_model_repo.h"
#include "jobrec/store/review_repo.h"

namespace jobrec::bench {
namespace {

struct Flags {
  std::string database_url;
  std::string corpus = "data/demo/postings.jsonl.gz";
  std::string scratch = "/tmp/jobrec-recommend-bench";
  int calls = 300;
  int limit = 20;
  int llm_candidates = 50;  // llm.candidates: the hybrid engine's fastText candidates
  int reviews = 30;
  int dim = 32;
  int epoch = 2;
  bool analyze = true;
};

constexpr char kLlmModel[] = "bench-llm";
constexpr char kPromptVersion[] = "score-v1";


// Milliseconds per call of one measured variant.
struct Series {
  std::string label;
  std::vector<double> ms;
};

struct Summary {
  double p50 = 0, p99 = 0, mean = 0;
};

Summary Summarise(std::vector<double> ms) {
  Summary s;
  for (double x : ms) s.mean += x;
  s.mean /= static_cast<double>(ms.size());
  s.p50 = Percentile(ms, 50);
  s.p99 = Percentile(ms, 99);
  return s;
}

// Runs every variant `calls` times, round-robin (after two warm-up rounds), timing each call.
std::vector<Series> Measure(int calls, const std::vector<std::pair<std::string, std::function<void()>>>& variants) {
  std::vector<Series> out;
  for (const auto& [label, run] : variants) out.push_back({label, {}});
  for (int round = -2; round < calls; ++round) {
    for (size_t i = 0; i < variants.size(); ++i) {
      const Stopwatch watch;
      variants[i].second();
      if (round >= 0) out[i].ms.push_back(watch.Seconds() * 1e3);
    }
  }
  return out;
}

void PrintTable(const std::string& title, const std::vector<Series>& series, double baseline_p50) {
  std::printf("\n%s\n", title.c_str());
  std::printf("  %-58s %9s %9s %9s %12s\n", "", "p50 ms", "p99 ms", "mean ms", "p50 / search");
  for (const auto& s : series) {
    const Summary sum = Summarise(s.ms);
    std::printf("  %-58s %9.3f %9.3f %9.3f %11.1fx\n", s.label.c_str(), sum.p50, sum.p99, sum.mean,
                sum.p50 / baseline_p50);
  }
}

std::vector<int64_t> IdsOf(const std::vector<index::SearchHit>& hits) {
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  return ids;
}

bool SameHits(const std::vector<index::SearchHit>& a, const std::vector<index::SearchHit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].posting_id != b[i].posting_id || a[i].score != b[i].score) return false;
  }
  return true;
}

// The same postings in the same order with the same scores, up to the freshness feature: it
// is computed from the current second (ranker_signals.h), so two calls a second apart may
// differ in the model's last digits.
bool SameRanked(const std::vector<rank::RankedPosting>& a, const std::vector<rank::RankedPosting>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].posting_id != b[i].posting_id || a[i].score.has_value() != b[i].score.has_value()) return false;
    if (a[i].score && std::abs(*a[i].score - *b[i].score) > 1e-6) return false;
  }
  return true;
}

// The ranker's keyword scores as computed before rank/keyword_scores.h: a BM25 index of the
// set, each posting's score divided by the best.
std::unordered_map<int64_t, double> OldKeywordScores(const std::string& query,
                                                     const std::vector<rank::Bm25Document>& documents) {
  const rank::Bm25Index index(documents);
  std::unordered_map<int64_t, double> out;
  double best = 0;
  for (const auto& doc : documents) {
    out[doc.id] = index.Score(query, doc.id);
    best = std::max(best, out[doc.id]);
  }
  if (best <= 0) return {};
  for (auto& [id, score] : out) score /= best;
  return out;
}

const nlohmann::json kProfile = {
    {"job_titles", {"Software Developer", "Data Engineer"}},
    {"ideal_job", "Build reliable data pipelines and backend services in Python and SQL for analytics teams"},
    {"remote", "any"},
    {"technical_skills",
     {{{"name", "Python"}, {"weight", 40}},
      {{"name", "SQL"}, {"weight", 30}},
      {{"name", "Databases"}, {"weight", 30}}}}};

// Three postings of the kind the LLM writes for such a profile (about 100 words each).
const std::vector<std::string> kIdealPostings = {
    "Data Engineer. Design, build and operate batch and streaming data pipelines that move data from "
    "product databases into the analytics warehouse. Write Python and SQL every day, model tables for "
    "analysts, tune queries, monitor data quality and freshness, and automate deployments. Work with "
    "software developers and data scientists to define schemas and service level objectives. "
    "Requirements: several years of Python, strong SQL, relational databases such as PostgreSQL, "
    "workflow schedulers, version control, testing and code review, cloud storage and compute.",
    "Backend Software Developer, data platform. Develop services and APIs that ingest, validate and "
    "serve data to internal teams. Own the database schema, migrations and performance of PostgreSQL, "
    "write clean tested Python, review code, and improve observability with logs and metrics. Build "
    "tooling that helps analysts query data safely. Requirements: computer science fundamentals, "
    "Python, SQL, data structures and algorithms, experience with Linux, containers and continuous "
    "integration, and a habit of writing documentation.",
    "Database Developer. Design relational database structures, write stored procedures and complex "
    "SQL queries, and optimise indexes for reporting and analytics workloads. Develop Python scripts for "
    "extract, transform and load jobs, data validation and backups. Collaborate with application "
    "developers on data models, review query plans, and keep the databases secure and available. "
    "Requirements: SQL, Python, database administration, performance tuning, data modelling.",
};

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  using namespace jobrec;
  using namespace jobrec::bench;
  Flags flags;
  CLI::App app{"The recommendation hot path end to end"};
  app.add_option("--database-url", flags.database_url, "libpq URL of a server to create a scratch database on")
      ->required();
  app.add_option("--corpus", flags.corpus, "the demo corpus");
  app.add_option("--scratch", flags.scratch, "folder for the model");
  app.add_option("--calls", flags.calls, "measured calls per variant")->check(CLI::Range(10, 100000));
  app.add_option("--limit", flags.limit, "recommendations asked for (the API's limit)")->check(CLI::Range(1, 100));
  app.add_option("--reviews", flags.reviews, "ratings of the user (>= 10 trains a ranker)")
      ->check(CLI::Range(10, 1000));
  app.add_option("--dim", flags.dim, "fastText dimension")->check(CLI::Range(8, 300));
  app.add_option("--epoch", flags.epoch, "fastText epochs")->check(CLI::Range(1, 50));
  app.add_flag("!--no-analyze", flags.analyze,
               "measure without planner statistics, as a server does right after loading the demo corpus "
               "(until autovacuum analyzes the tables)");
  CLI11_PARSE(app, argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each table as it is made, also into a file
  log::Init(log::Format::kText, log::Level::kWarn);

  const std::string database = "jobrec_recommend_bench_" + std::to_string(getpid());
  Must(store::CreateDatabaseIfMissing(flags.database_url, database), "create database");
  std::filesystem::remove_all(flags.scratch);
  {
    const std::string url = Must(store::WithDatabaseName(flags.database_url, database), "database url");
    auto db = Must(store::Database::Open({.url = url, .pool_size = 4}), "connect");
    Must(Must(store::Migrator::Embedded(), "migrations").Apply(*db), "migrate");
    std::printf("recommend_bench: %s\n", MachineLoad().c_str());

    // --- setup ---
    Stopwatch setup;
    const ingest::DemoLoadResult demo = Must(ingest::LoadDemoCorpusIfEmpty(*db, {.path = flags.corpus}), "demo");
    const double load_s = setup.Seconds();
    rank::FastTextServiceOptions options;
    options.models_dir = flags.scratch + "/models";
    options.train = {.dim = flags.dim, .epoch = flags.epoch, .min_count = 5, .threads = 2, .bucket = 200000};
    rank::FastTextService service(*db, options);
    Must(service.WarmUp(), "fastText warm-up");
    const std::shared_ptr<const rank::FastTextEngine> engine = service.Engine();
    const std::shared_ptr<const index::VectorIndex> current = engine->index().Current();
    // The same model and index without the ideal-postings cache: the code before it.
    const rank::FastTextEngine uncached(std::shared_ptr<const embed::SentenceEmbedder>(engine, &engine->embedder()),
                                        engine->model_version(),
                                        std::shared_ptr<index::IndexHolder>(engine, &engine->index()),
                                        std::make_shared<const rank::TermStats>(), /*ideal_postings_cache_users=*/0);
    std::printf("setup: demo corpus %lld postings in %.1f s; model dim %d epoch %d, embedded and indexed %zu "
                "in %.1f s\n",
                static_cast<long long>(demo.run ? demo.run->seen : 0), load_s, flags.dim, flags.epoch,
                current->Stats().live, setup.Seconds() - load_s);

    // Right after a bulk load the tables have no planner statistics until autovacuum analyzes
    // them (a minute or more): the candidates' postings are then read through a scan of every
    // visible posting. By default the measurement starts from the analyzed state a running
    // server is in; --no-analyze measures the first minutes.
    if (flags.analyze && std::system(("psql -q '" + url + "' -c ANALYZE").c_str()) != 0) {
      Die("analyze", absl::UnavailableError("psql -c ANALYZE failed"));
    }
    std::printf("planner statistics: %s\n", flags.analyze ? "analyzed after the load (psql -c ANALYZE)"
                                                           : "none (--no-analyze: as right after the load)");
    const int64_t user = Must(store::AccountRepo(*db).CreateUser("bench@example.org", "$argon2id$bench"), "user");
    const int version = Must(store::ProfileRepo(*db).Put(user, kProfile), "profile");
    const profile::Profile profile = Must(profile::ProfileFromJson(kProfile), "profile json");
    const index::SearchFilter filter = Must(rank::RecommendationFilter(profile, {}), "filter");
    // Ratings of postings near the profile: the better half high, the rest low.
    const auto near = Must(rank::RecommendForUser(*db, *engine, user, profile, filter,
                                                  static_cast<size_t>(flags.reviews) * 3, 0),
                           "first recommendations");
    for (int i = 0; i < flags.reviews && static_cast<size_t>(i * 3) < near.size(); ++i) {
      const int score = i < flags.reviews / 2 ? 9 : 2;
      Must(store::ReviewRepo(*db).Put(user, near[static_cast<size_t>(i * 3)].posting_id, {.score = score}), "review");
    }
    Must(store::IdealPostingsRepo(*db).Insert({.user_id = user,
                                               .profile_version = version,
                                               .model = kLlmModel,
                                               .prompt_version = "ideal-v1",
                                               .texts = kIdealPostings}),
         "ideal postings");
    const auto candidates = Must(rank::RecommendForUser(*db, *engine, user, profile, filter,
                                                        static_cast<size_t>(flags.llm_candidates)),
                                 "candidates");
    for (size_t i = 0; i < candidates.size(); i += 2) {  // every other candidate scored by the "LLM"
      Must(store::LlmScoreRepo(*db).Upsert({.user_id = user,
                                            .posting_id = candidates[i].posting_id,
                                            .profile_version = version,
                                            .model = kLlmModel,
                                            .prompt_version = kPromptVersion},
                                           {.score = static_cast<int>(10 - i % 10), .justification = "bench"}, {}),
           "llm score");
    }
    const size_t limit = static_cast<size_t>(flags.limit);
    const double weight = rank::kDefaultIdealPostingsWeight;
    size_t differences = 0, compared = 0;

    // The path's query and candidate count, for the baseline and the stage table.
    const rank::UserFeedback feedback = Must(rank::LoadUserFeedback(*db, user), "feedback");
    index::SearchFilter restricted = filter;
    rank::RestrictFilter(feedback, profile, restricted);
    const std::vector<float> written = rank::ProfileVector(engine->embedder(), profile);
    const auto base = Must(rank::FoldIdealPostings(*db, engine->embedder(), user, written, weight), "fold");
    const auto learned = Must(rank::CurrentLearnedProfile(*db, *engine, user), "learned part");
    const std::vector<float> query =
        learned.vector.size() == base.size() ? feedback::RefinedVector(base, learned.vector) : base;
    std::printf("user: profile version %d, %zu reviews, learned part from %d of them, %zu ideal postings, "
                "%zu LLM scores; limit %zu, %d calls per variant\n",
                version, feedback.reviewed_ids.size(), learned.reviews_used, kIdealPostings.size(),
                (candidates.size() + 1) / 2, limit, flags.calls);

    // --- 1. fastText, no ranker ---
    auto search = [&](size_t k) {
      return [&, k] { Must(current->Search(query, k, restricted), "search"); };
    };
    const size_t plain_k = rank::CandidatesFor(feedback, limit, current->options().max_k);
    // Equality is checked outside the timed calls, after each table.
    auto check_same = [&](size_t n) {
      for (int i = 0; i < 5; ++i) {
        const auto cached = Must(rank::RecommendForUser(*db, *engine, user, profile, filter, n, weight), "recommend");
        const auto plain = Must(rank::RecommendForUser(*db, uncached, user, profile, filter, n, weight), "recommend");
        ++compared;
        if (!SameHits(cached, plain)) ++differences;
      }
    };
    auto timed = [&](const rank::FastTextEngine& e, size_t n) {
      return [&, n] { Must(rank::RecommendForUser(*db, e, user, profile, filter, n, weight), "recommend"); };
    };
    const std::vector<Series> plain =
        Measure(flags.calls, {{"index search alone (baseline), k = " + std::to_string(plain_k), search(plain_k)},
                              {"RecommendForUser, ideal postings cached (after)", timed(*engine, limit)},
                              {"RecommendForUser, not cached (before)", timed(uncached, limit)}});
    check_same(limit);
    PrintTable("fastText engine, no learned ranker (GET /api/v1/recommendations, jobrec recommend)", plain,
               Summarise(plain[0].ms).p50);

    // --- 2. with a trained ranker ---
    const auto trained = Must(rank::TrainAndStoreRankers(*db, engine->embedder(), engine->model_version()), "ranker");
    if (!trained.stored) Die("ranker", absl::FailedPreconditionError("too few ratings to train a ranker"));
    const size_t reranked_k =
        rank::CandidatesFor(feedback, std::max<size_t>(limit * 5, 100), current->options().max_k);
    const std::vector<Series> ranked =
        Measure(flags.calls, {{"index search alone (baseline), k = " + std::to_string(reranked_k), search(reranked_k)},
                              {"RecommendForUser + ranker, cached (after)", timed(*engine, limit)},
                              {"RecommendForUser + ranker, not cached (before)", timed(uncached, limit)}});
    check_same(limit);
    PrintTable("fastText engine with a trained ranker (" + std::to_string(trained.ratings) + " ratings)", ranked,
               Summarise(ranked[0].ms).p50);

    // --- 3. hybrid with the ranker: the route's candidates and learned order ---
    const size_t wanted = std::max<size_t>(limit, static_cast<size_t>(flags.llm_candidates));
    const size_t hybrid_k =
        rank::CandidatesFor(feedback, std::max<size_t>(wanted * 5, 100), current->options().max_k);
    const size_t room = limit * 2;
    const auto scores = Must(store::LlmScoreRepo(*db).ForProfile(user, version, kLlmModel, kPromptVersion), "scores");
    auto hybrid_after = [&] {
      const rank::UserRecommendations found =
          Must(rank::UserRecommendationsFor(*db, *engine, user, profile, filter, wanted, weight), "hybrid");
      if (!found.ranker) Die("hybrid", absl::FailedPreconditionError("no ranker"));
      return rank::LearnedHybridOrder(*found.ranker_candidates, *found.ranker, scores, found.hits, room);
    };
    auto hybrid_before = [&] {
      const auto hits = Must(rank::RecommendForUser(*db, uncached, user, profile, filter, wanted, weight), "hybrid");
      const auto model = Must(rank::RankerModelFor(*db, user, engine->model_version()), "ranker model");
      auto inputs = Must(rank::LoadHitsRankerInputs(*db, engine->model_version(), user, hits), "inputs");
      const rank::RankerCandidates again(std::make_shared<const rank::RankerInputs>(std::move(inputs)), profile,
                                         rank::ProfileVector(engine->embedder(), profile));
      return rank::LearnedHybridOrder(again, *model, scores, hits, room);
    };
    const std::vector<Series> hybrid =
        Measure(flags.calls, {{"index search alone (baseline), k = " + std::to_string(hybrid_k), search(hybrid_k)},
                              {"hybrid candidates + learned order, once (after)", [&] { hybrid_after(); }},
                              {"hybrid, features read and computed twice, no cache (before)",
                               [&] { hybrid_before(); }}});
    for (int i = 0; i < 5; ++i) {
      ++compared;
      if (!SameRanked(hybrid_after(), hybrid_before())) ++differences;
    }
    PrintTable("hybrid engine with the ranker (GET /api/v1/recommendations?engine=hybrid; candidates " +
                   std::to_string(wanted) + ", " + std::to_string(scores.size()) + " LLM scores)",
               hybrid, Summarise(hybrid[0].ms).p50);

    // --- 4. the stages of the ranker path, each alone ---
    const auto model = Must(rank::RankerModelFor(*db, user, engine->model_version()), "ranker model");
    const auto reranked_hits = Must(current->Search(query, reranked_k, restricted), "search").hits;
    const auto inputs = std::make_shared<const rank::RankerInputs>(
        Must(rank::LoadHitsRankerInputs(*db, engine->model_version(), user, reranked_hits), "inputs"));
    const rank::RankerCandidates ranker_candidates(inputs, profile, written);
    const std::string query_text = rank::ProfileKeywordQuery(profile);
    std::vector<rank::Bm25Document> keyword_documents;
    for (const int64_t id : IdsOf(reranked_hits)) {
      if (const auto it = inputs->visible.find(id); it != inputs->visible.end()) {
        keyword_documents.push_back({id, it->second.title, it->second.description});
      }
    }
    const rank::KeywordScorer keyword_scorer(query_text, keyword_documents);
    const std::vector<Series> stages = Measure(
        flags.calls,
        {{"index search (baseline), k = " + std::to_string(reranked_k), search(reranked_k)},
         {"db: reviews and rules (LoadUserFeedback)", [&] { Must(rank::LoadUserFeedback(*db, user), "feedback"); }},
         {"embed: the profile (ProfileVector)", [&] { rank::ProfileVector(engine->embedder(), profile); }},
         {"db: ideal postings (IdealPostingsRepo::Current)",
          [&] { Must(store::IdealPostingsRepo(*db).Current(user), "ideal"); }},
         {"embed: ideal postings (IdealPostingVectors; cached now)",
          [&] { rank::IdealPostingVectors(engine->embedder(), kIdealPostings); }},
         {"db: learned part, up to date (CurrentLearnedProfile)",
          [&] { Must(rank::CurrentLearnedProfile(*db, *engine, user), "learned"); }},
         {"db: ranker model (RankerModelFor)",
          [&] { Must(rank::RankerModelFor(*db, user, engine->model_version()), "model"); }},
         {"db: ranker inputs of the candidates (LoadHitsRankerInputs)",
          [&] { Must(rank::LoadHitsRankerInputs(*db, engine->model_version(), user, reranked_hits), "inputs"); }},
         {"  of which db: the user's reviews (ReviewRepo::List)",
          [&] { Must(store::ReviewRepo(*db).List(user, std::nullopt, 10000), "reviews"); }},
         {"  of which db: candidates' vectors (RatedPostings)",
          [&] {
            Must(store::LearnedProfileRepo(*db).RatedPostings(engine->model_version(), IdsOf(reranked_hits)),
                 "vectors");
          }},
         {"  of which db: candidates' postings (GetVisible)",
          [&] { Must(store::PostingReader(*db).GetVisible(user, IdsOf(reranked_hits)), "postings"); }},
         {"keyword: Bm25Index over the set, per ordering (code before)",
          [&] { OldKeywordScores(query_text, keyword_documents); }},
         {"keyword: KeywordScorer, tokens once + Scores (after)",
          [&] { rank::KeywordScorer(query_text, keyword_documents).Scores(IdsOf(reranked_hits)); }},
         {"keyword: KeywordScorer::Scores, a second set (after)",
          [&] { keyword_scorer.Scores(IdsOf(reranked_hits)); }},
         {"features: per-posting signals, tokens (RankerCandidates)",
          [&] { rank::RankerCandidates(inputs, profile, written); }},
         {"re-rank: scores read + features + order (RerankHits)",
          [&] { Must(rank::RerankHits(*db, user, *model, ranker_candidates, reranked_hits), "rerank"); }},
         {"  of which features of a set (RankerCandidates::Features)",
          [&] { ranker_candidates.Features(IdsOf(reranked_hits), {}); }}});
    PrintTable("stages of the ranker path, each alone (in the path's order)", stages, Summarise(stages[0].ms).p50);

    ++compared;
    if (OldKeywordScores(query_text, keyword_documents) != keyword_scorer.Scores(IdsOf(reranked_hits))) ++differences;
    std::printf("\nideal-postings cache: %zu hits, %zu misses; results of after and before: %s\n",
                engine->ideal_postings_cache().hits(), engine->ideal_postings_cache().misses(),
                differences == 0 ? ("the same in all " + std::to_string(compared) + " compared pairs").c_str()
                                 : (std::to_string(differences) + " of " + std::to_string(compared) +
                                    " compared pairs DIFFER")
                                       .c_str());
    std::printf("recommend_bench: %s\n", MachineLoad().c_str());
    if (differences != 0) {
      std::fprintf(stderr, "recommend_bench: %zu compared calls differ\n", differences);
      return 1;
    }
  }
  Must(store::DropDatabaseIfExists(flags.database_url, database), "drop database");
  std::filesystem::remove_all(flags.scratch);
  return 0;
}
