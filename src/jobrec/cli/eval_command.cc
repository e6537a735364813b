// `jobrec eval`: the offline benchmark of the recommendation engines (eval/eval_dataset.h):
// ESCO occupations as profiles against the demo corpus, relevance from the ESCO–O*NET
// crosswalk and O*NET's related occupations. No database needed.
//
//   jobrec eval                          the report half of 600 occupations, fastText trained
//                                        in the run with the embed.* settings serve uses
//   jobrec eval --split tune --tune      the other half, with the grid the defaults came from
//   jobrec eval --sample 0 --split all   every eligible occupation
//   jobrec eval --model state/models/ft-…   a saved model version (or a .bin file) instead
//   jobrec eval --feedback               the feedback simulation (eval/feedback_simulation.h)
//                                        instead of the engine table
//
// Prints one row per engine: nDCG@10, recall@10, recall@50, MRR. "fasttext" is the served
// engine (rank::FastTextEngine over its HNSW index); the other fasttext rows rank by exact
// cosine similarity.
#include <chrono>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/embed_options.h"
#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/embed/training_corpus.h"
#include "jobrec/eval/eval_dataset.h"
#include "jobrec/eval/eval_engines.h"
#include "jobrec/eval/feedback_simulation.h"
#include "jobrec/eval/harness.h"
#include "jobrec/profile/profile_text.h"
#include "jobrec/rank/posting_vector.h"

namespace jobrec::cli {
namespace {

constexpr size_t kRankingDepth = 50;  // recall@50 is the deepest metric

struct EvalFlags {
  std::string data_dir = "data";
  eval::EvalSampleOptions sample = {.sample = 600, .split = eval::QuerySplit::kReport};
  std::string split = "report";
  std::string model;  // model version directory or fastText .bin; empty = train
  int dim = 0;        // 0: embed.dim, as serve trains
  int epoch = 0;      // 0: embed.epoch
  int threads = 2;
  bool tune = false;
  bool feedback = false;
  eval::FeedbackSimulationOptions feedback_options;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Trains on the preprocessed title and description of every posting of the pool.
absl::StatusOr<std::shared_ptr<const embed::FastTextModel>> TrainOnPool(
    const eval::EvalDataset& dataset, const embed::TrainOptions& options) {
  const std::filesystem::path corpus_path =
      std::filesystem::temp_directory_path() /
      absl::StrCat("jobrec-eval-corpus-", ::getpid(), ".txt");
  JOBREC_ASSIGN_OR_RETURN(auto writer, embed::TrainingCorpusWriter::Create(corpus_path.string()));
  for (const auto& p : dataset.postings) {
    writer->Add(p.title);
    writer->Add(p.description);
  }
  absl::Status finished = writer->Finish();
  absl::StatusOr<std::unique_ptr<embed::FastTextModel>> model =
      finished.ok() ? embed::FastTextModel::Train(corpus_path.string(), options) : finished;
  std::error_code ec;
  std::filesystem::remove(corpus_path, ec);
  if (!model.ok()) return model.status();
  return std::shared_ptr<const embed::FastTextModel>(*std::move(model));
}

absl::StatusOr<std::shared_ptr<const embed::FastTextModel>> LoadModel(const std::string& path) {
  if (std::filesystem::is_directory(path)) {
    JOBREC_ASSIGN_OR_RETURN(embed::LoadedModel loaded, embed::LoadModelVersion(path));
    return loaded.model;
  }
  JOBREC_ASSIGN_OR_RETURN(auto model, embed::FastTextModel::Load(path));
  return std::shared_ptr<const embed::FastTextModel>(std::move(model));
}

// The exact-cosine grid the engine's defaults were chosen from: the posting's title share and
// the profile's title share against its ideal-job text (ESCO profiles have no skills or
// sectors, so their weights cannot be tuned here), without query expansion as they were
// chosen; then the query expansion's settings at that mix. Run it on the tune split.
void AppendTuningRows(const eval::EvalDataset& dataset, const embed::SentenceEmbedder& embedder,
                      const rank::PostingTextVectors& vectors,
                      std::vector<eval::EngineScores>* table) {
  const profile::EmbeddingMix defaults;
  for (float posting_title : {0.1f, 0.2f, 0.3f, 0.5f}) {
    for (float profile_title : {0.2f, 0.35f, 0.5f, 0.7f}) {
      eval::VectorSpaceVariant variant{.posting_title_weight = posting_title,
                                       .expansion_postings = 0};
      const float share = defaults.titles + defaults.ideal_job;
      variant.profile_mix.titles = share * profile_title;
      variant.profile_mix.ideal_job = share * (1 - profile_title);
      const auto t = std::chrono::steady_clock::now();
      table->push_back(eval::ScoreRankings(
          dataset,
          absl::StrCat("tune/posting-title ", posting_title, " profile-title ", profile_title),
          eval::ExactRankings(dataset, embedder, vectors, variant, kRankingDepth)));
      table->back().seconds = SecondsSince(t);
    }
  }
  // Query expansion (rank/query_expansion.h) at the mix above.
  for (size_t postings : {3, 5, 10, 20}) {
    for (float weight : {0.2f, 0.4f, 0.7f, 1.0f, 1.5f}) {
      const eval::VectorSpaceVariant variant{.expansion_postings = postings,
                                             .expansion_weight = weight};
      const auto t = std::chrono::steady_clock::now();
      table->push_back(eval::ScoreRankings(
          dataset, absl::StrCat("tune/expansion postings ", postings, " weight ", weight),
          eval::ExactRankings(dataset, embedder, vectors, variant, kRankingDepth)));
      table->back().seconds = SecondsSince(t);
    }
  }
}

// `--feedback`: simulated users rate what they are shown; nDCG@10 per method and round.
void RunFeedbackEval(CliContext& ctx, const eval::EvalDataset& dataset, const std::string& corpus,
                     const embed::SentenceEmbedder& embedder,
                     const rank::PostingTextVectors& vectors,
                     const eval::FeedbackSimulationOptions& options) {
  const auto t = std::chrono::steady_clock::now();
  auto facts = eval::ReadPostingFacts(corpus);
  if (!facts.ok()) return ctx.Fail(facts.status(), kExitFailure);
  auto result = eval::RunFeedbackSimulation(dataset, *facts, embedder, vectors, options);
  if (!result.ok()) return ctx.Fail(result.status(), kExitFailure);
  std::cout << "feedback simulation: global ranker trained on " << result->train_users
            << " users' " << result->train_ratings << " ratings; evaluated "
            << result->evaluated_users << " other users (" << result->skipped_users
            << " skipped: no known word in the title); " << options.shown_per_round
            << " rated per round, rating noise sd " << options.rating_noise
            << ", ranker re-ranks the top " << options.candidates << " in "
            << absl::StrCat(SecondsSince(t)) << " s\n\nnDCG@10 on postings not yet shown\n"
            << eval::FormatFeedbackTable(*result) << "\nglobal ranker: "
            << feedback::RankerModelToJson(result->global_ranker).dump() << "\n";
}

void RunEval(CliContext& ctx, EvalFlags flags) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto options = embed::EmbedOptionsFromConfig(*config);
  if (!options.ok()) return ctx.Fail(options.status(), kExitUsage);
  embed::TrainOptions train = options->train;
  if (flags.dim > 0) train.dim = flags.dim;
  if (flags.epoch > 0) train.epoch = flags.epoch;
  train.threads = flags.threads;
  if (absl::Status st = embed::ValidateTrainOptions(train); !st.ok()) {
    return ctx.Fail(st, kExitUsage);
  }
  if (flags.split == "all") {
    flags.sample.split = eval::QuerySplit::kAll;
  } else if (flags.split == "tune") {
    flags.sample.split = eval::QuerySplit::kTune;
  } else if (flags.split == "report") {
    flags.sample.split = eval::QuerySplit::kReport;
  } else {
    return ctx.Fail(absl::InvalidArgumentError("--split must be all, tune or report"),
                    kExitUsage);
  }

  const auto start = std::chrono::steady_clock::now();
  const eval::EvalDataPaths paths{
      .corpus = flags.data_dir + "/demo/postings.jsonl.gz",
      .esco_occupations = flags.data_dir + "/esco/occupations_en.csv",
      .crosswalk = flags.data_dir + "/crosswalk/esco_onet_crosswalk_Nov2020.csv",
      .related_occupations = flags.data_dir + "/onet/Related Occupations.txt"};
  auto dataset = eval::LoadEvalDataset(paths, flags.sample);
  if (!dataset.ok()) return ctx.Fail(dataset.status(), kExitFailure);
  if (dataset->queries.empty()) {
    return ctx.Fail(absl::InvalidArgumentError("the split has no occupation: raise --sample"),
                    kExitUsage);
  }
  std::cout << "postings: " << dataset->postings.size()
            << "  occupations evaluated: " << dataset->queries.size() << " ("
            << eval::QuerySplitName(flags.sample.split) << " split of a sample of "
            << flags.sample.sample << " from " << dataset->eligible_occupations
            << " eligible, seed " << flags.sample.seed << ")  loaded in "
            << absl::StrCat(SecondsSince(start)) << " s\n";

  std::vector<eval::EngineScores> table;
  auto t = std::chrono::steady_clock::now();
  const std::vector<eval::Ranking> bm25 = eval::Bm25Rankings(*dataset, kRankingDepth);
  table.push_back(eval::ScoreRankings(*dataset, "bm25", bm25));
  table.back().seconds = SecondsSince(t);

  t = std::chrono::steady_clock::now();
  auto model = flags.model.empty() ? TrainOnPool(*dataset, train) : LoadModel(flags.model);
  if (!model.ok()) return ctx.Fail(model.status(), kExitFailure);
  const embed::TrainOptions used = (*model)->Options();
  std::cout << "fastText model: dim " << used.dim << ", epoch " << used.epoch << ", min_count "
            << used.min_count << ", vocabulary " << (*model)->VocabularySize()
            << (flags.model.empty() ? ", trained in " : ", loaded in ")
            << absl::StrCat(SecondsSince(t)) << " s with " << flags.threads << " threads\n";
  auto created = embed::SentenceEmbedder::Create(*model, options->embedder);
  if (!created.ok()) return ctx.Fail(created.status(), kExitFailure);
  const std::shared_ptr<const embed::SentenceEmbedder> embedder = *std::move(created);

  t = std::chrono::steady_clock::now();
  const rank::PostingTextVectors vectors =
      eval::EmbedPostings(*dataset, *embedder, flags.threads);
  std::cout << "posting vectors: " << absl::StrCat(SecondsSince(t)) << " s\n";
  if (flags.feedback) {
    return RunFeedbackEval(ctx, *dataset, paths.corpus, *embedder, vectors, flags.feedback_options);
  }
  t = std::chrono::steady_clock::now();
  auto engine = eval::EngineRankings(*dataset, embedder, vectors, kRankingDepth);
  if (!engine.ok()) return ctx.Fail(engine.status(), kExitFailure);
  table.push_back(eval::ScoreRankings(*dataset, "fasttext", *engine));
  table.back().seconds = SecondsSince(t);

  t = std::chrono::steady_clock::now();
  table.push_back(eval::ScoreRankings(
      *dataset, "fasttext/exact",
      eval::ExactRankings(*dataset, *embedder, vectors, {}, kRankingDepth)));
  table.back().seconds = SecondsSince(t);
  t = std::chrono::steady_clock::now();
  table.push_back(eval::ScoreRankings(
      *dataset, "fasttext/exact, no expansion",
      eval::ExactRankings(*dataset, *embedder, vectors, {.expansion_postings = 0},
                          kRankingDepth)));
  table.back().seconds = SecondsSince(t);
  // The earlier vector space for comparison: getSentenceVector's plain mean, t + d.
  t = std::chrono::steady_clock::now();
  const rank::PostingTextVectors plain =
      eval::EmbedPostings(*dataset, *embedder, flags.threads, embed::Weighting::kMean);
  table.push_back(eval::ScoreRankings(
      *dataset, "fasttext/plain-mean",
      eval::ExactRankings(*dataset, *embedder, plain,
                          {.weighting = embed::Weighting::kMean,
                           .posting_title_weight = 0.5f,
                           .expansion_postings = 0},
                          kRankingDepth)));
  table.back().seconds = SecondsSince(t);

  t = std::chrono::steady_clock::now();
  table.push_back(eval::ScoreRankings(*dataset, "rrf(bm25, fasttext)",
                                      eval::FuseReciprocalRank(bm25, *engine, kRankingDepth)));
  table.back().seconds = SecondsSince(t);
  if (flags.tune) AppendTuningRows(*dataset, *embedder, vectors, &table);

  std::cout << "\n" << eval::FormatScoreTable(table) << "\ntotal " << SecondsSince(start)
            << " s\n";
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<EvalFlags>();
  auto* cmd = app.add_subcommand("eval", "Benchmark the engines on ESCO occupations vs the demo corpus");
  cmd->add_option("--data-dir", flags->data_dir, "directory with demo/, esco/, crosswalk/, onet/");
  cmd->add_option("--sample", flags->sample.sample, "occupations drawn (0 = all eligible)");
  cmd->add_option("--split", flags->split,
                  "all, or the tune / report half of the sample (default report)");
  cmd->add_flag("--tune", flags->tune, "also print the grid the engine's weights came from");
  cmd->add_option("--seed", flags->sample.seed, "seed of the occupation sample");
  cmd->add_option("--alt-titles", flags->sample.alt_titles,
                  "ESCO alternative labels added as job titles");
  cmd->add_option("--model", flags->model,
                  "model version directory or fastText .bin (default: train in the run)");
  cmd->add_option("--dim", flags->dim, "vector dimension when training (default embed.dim)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--epoch", flags->epoch, "epochs when training (default embed.epoch)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", flags->threads, "training and embedding threads")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--feedback", flags->feedback,
                "simulate users rating what they are shown (nDCG@10 per feedback method)");
  cmd->add_option("--feedback-noise", flags->feedback_options.rating_noise,
                  "standard deviation of the simulated ratings' noise")
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--feedback-candidates", flags->feedback_options.candidates,
                  "fastText candidates the learned ranker re-ranks")
      ->check(CLI::Range(10, 10000));
  cmd->add_flag("!--feedback-no-rated-similarity",
                flags->feedback_options.rated_similarity_features,
                "ablation: the ranker without similarity to the user's rated postings");
  cmd->add_option("--feedback-user-lambda", flags->feedback_options.ranker.user_lambda,
                  "shrinkage of a user's ranker toward the global one")
      ->check(CLI::Range(0.001, 1e6));
  cmd->callback([&ctx, flags] { RunEval(ctx, *flags); });
}

}  // namespace jobrec::cli
