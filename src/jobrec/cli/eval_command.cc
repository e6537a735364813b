// `jobrec eval`: the offline benchmark of the recommendation engines (eval/eval_dataset.h):
// ESCO occupations as profiles against the demo corpus, relevance from the ESCO–O*NET
// crosswalk and O*NET's related occupations. No database needed.
//
//   jobrec eval                          300 occupations, fastText trained in the run
//   jobrec eval --sample 0 --seed 7      every eligible occupation
//   jobrec eval --model state/models/ft-…   a saved model version (or a .bin file) instead
//
// Prints one row per engine: nDCG@10, recall@10, recall@50, MRR.
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
#include "jobrec/eval/harness.h"

namespace jobrec::cli {
namespace {

constexpr size_t kRankingDepth = 50;  // recall@50 is the deepest metric

struct EvalFlags {
  std::string data_dir = "data";
  eval::EvalSampleOptions sample;
  std::string model;  // model version directory or fastText .bin; empty = train
  // Training in the run: dim 100, 2 epochs keep `jobrec eval` under ~3 minutes on 2 cores
  // (5 epochs took 163 s of training alone on the demo corpus).
  int dim = 100;
  int epoch = 2;
  int threads = 2;
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

void RunEval(CliContext& ctx, const EvalFlags& flags) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto options = embed::EmbedOptionsFromConfig(*config);
  if (!options.ok()) return ctx.Fail(options.status(), kExitUsage);
  embed::TrainOptions train = options->train;
  train.dim = flags.dim;
  train.epoch = flags.epoch;
  train.threads = flags.threads;
  if (absl::Status st = embed::ValidateTrainOptions(train); !st.ok()) {
    return ctx.Fail(st, kExitUsage);
  }

  const auto start = std::chrono::steady_clock::now();
  const eval::EvalDataPaths paths{
      .corpus = flags.data_dir + "/demo/postings.jsonl.gz",
      .esco_occupations = flags.data_dir + "/esco/occupations_en.csv",
      .crosswalk = flags.data_dir + "/crosswalk/esco_onet_crosswalk_Nov2020.csv",
      .related_occupations = flags.data_dir + "/onet/Related Occupations.txt"};
  auto dataset = eval::LoadEvalDataset(paths, flags.sample);
  if (!dataset.ok()) return ctx.Fail(dataset.status(), kExitFailure);
  std::cout << "postings: " << dataset->postings.size()
            << "  occupations evaluated: " << dataset->queries.size() << " of "
            << dataset->eligible_occupations << " eligible (seed " << flags.sample.seed
            << ")  loaded in " << absl::StrCat(SecondsSince(start)) << " s\n";

  std::vector<eval::EngineScores> table;
  auto t = std::chrono::steady_clock::now();
  const std::vector<eval::Ranking> bm25 = eval::Bm25Rankings(*dataset, kRankingDepth);
  table.push_back(eval::ScoreRankings(*dataset, "bm25", bm25));
  table.back().seconds = SecondsSince(t);

  t = std::chrono::steady_clock::now();
  auto model = flags.model.empty() ? TrainOnPool(*dataset, train) : LoadModel(flags.model);
  if (!model.ok()) return ctx.Fail(model.status(), kExitFailure);
  std::cout << "fastText model: dim " << (*model)->Dimension() << ", epoch "
            << (*model)->Options().epoch << ", vocabulary " << (*model)->VocabularySize()
            << (flags.model.empty() ? ", trained in " : ", loaded in ")
            << absl::StrCat(SecondsSince(t)) << " s\n";
  auto embedder = embed::SentenceEmbedder::Create(*model, options->embedder);
  if (!embedder.ok()) return ctx.Fail(embedder.status(), kExitFailure);

  t = std::chrono::steady_clock::now();
  const eval::PostingVectors vectors = eval::EmbedPostings(*dataset, **embedder, flags.threads);
  std::cout << "posting vectors: " << absl::StrCat(SecondsSince(t)) << " s\n";
  // The fusion takes the fastText variant with the best nDCG@10 of this run.
  std::vector<eval::Ranking> best_fasttext;
  std::string best_name;
  double best_ndcg = -1;
  for (eval::PostingVectorMix mix : eval::kAllPostingVectorMixes) {
    t = std::chrono::steady_clock::now();
    std::vector<eval::Ranking> rankings =
        eval::FastTextRankings(*dataset, **embedder, vectors, mix, kRankingDepth);
    table.push_back(eval::ScoreRankings(
        *dataset, absl::StrCat("fasttext/", eval::PostingVectorMixName(mix)), rankings));
    table.back().seconds = SecondsSince(t);
    if (table.back().ndcg_at_10 > best_ndcg) {
      best_ndcg = table.back().ndcg_at_10;
      best_name = table.back().engine;
      best_fasttext = std::move(rankings);
    }
  }
  t = std::chrono::steady_clock::now();
  table.push_back(eval::ScoreRankings(
      *dataset, absl::StrCat("rrf(bm25, ", best_name, ")"),
      eval::FuseReciprocalRank(bm25, best_fasttext, kRankingDepth)));
  table.back().seconds = SecondsSince(t);

  std::cout << "\n" << eval::FormatScoreTable(table) << "\ntotal " << SecondsSince(start)
            << " s\n";
}

}  // namespace

void RegisterEvalCommand(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<EvalFlags>();
  auto* cmd = app.add_subcommand("eval", "Benchmark the engines on ESCO occupations vs the demo corpus");
  cmd->add_option("--data-dir", flags->data_dir, "directory with demo/, esco/, crosswalk/, onet/");
  cmd->add_option("--sample", flags->sample.sample, "occupations evaluated (0 = all eligible)");
  cmd->add_option("--seed", flags->sample.seed, "seed of the occupation sample");
  cmd->add_option("--alt-titles", flags->sample.alt_titles,
                  "ESCO alternative labels added as job titles");
  cmd->add_option("--model", flags->model,
                  "model version directory or fastText .bin (default: train in the run)");
  cmd->add_option("--dim", flags->dim, "vector dimension when training")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--epoch", flags->epoch, "epochs when training")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", flags->threads, "training and embedding threads")
      ->check(CLI::Range(1, 64));
  cmd->callback([&ctx, flags] { RunEval(ctx, *flags); });
}

}  // namespace jobrec::cli
