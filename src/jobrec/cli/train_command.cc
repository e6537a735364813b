// `jobrec train`: trains a fastText model on postings from a file and saves it as a new model
// version under <state_dir>/models (embed/model_store.h), printing its ModelInfo as JSON.
//
//   jobrec train --jsonl postings.jsonl          JSON Lines with "title" and "description"
//   zcat data/demo/postings.jsonl.gz | jobrec train --jsonl -
//   jobrec train --text documents.txt            one raw document per line
//   jobrec train --import cc.en.300.bin          a pretrained fastText .bin (e.g. Common Crawl)
//
// An imported model becomes the newest version like a trained one, so `serve` uses it after
// its next start. Quantised .ftz models are refused: the fast embedder needs the full input
// matrix (embed/subword_hasher.h).
//
// Hyper-parameters come from the embed.* configuration keys. Training from the postings in
// PostgreSQL is a task handler's job (tasks/); this command is for bootstrapping and
// experiments.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/embed_options.h"
#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/embed/training_corpus.h"

namespace jobrec::cli {
namespace {

struct TrainFlags {
  std::string jsonl;
  std::string text;
  std::string import;      // a fastText .bin to add as a version instead of training
  std::string models_dir;  // default <state_dir>/models
};

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ImportModel(CliContext& ctx, const TrainFlags& flags, const std::string& models_dir) {
  auto model = embed::FastTextModel::Load(flags.import);
  if (!model.ok()) return ctx.Fail(model.status(), kExitFailure);
  if ((*model)->IsQuantized()) {
    return ctx.Fail(absl::InvalidArgumentError(absl::StrCat(
                        flags.import, " is a quantised (.ftz) model: the embedder needs the full "
                                      "input matrix; import the .bin of the same model")),
                    kExitUsage);
  }
  embed::ModelProvenance provenance;
  provenance.created_at_unix = NowUnix();
  provenance.source = absl::StrCat("imported from ", flags.import);
  auto info = embed::SaveModelVersion(**model, models_dir, provenance);
  if (!info.ok()) return ctx.Fail(info.status(), kExitFailure);
  log::Info("model_imported", {{"version_id", info->version_id}, {"path", flags.import}});
  std::cout << embed::ModelInfoToJson(*info).dump(2) << "\n";
}

// Feeds every document of the input to the writer. Returns the documents read.
absl::StatusOr<int64_t> WriteCorpus(const TrainFlags& flags, embed::TrainingCorpusWriter* writer) {
  const std::string& path = flags.jsonl.empty() ? flags.text : flags.jsonl;
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  std::istream& in = path == "-" ? std::cin : file;
  int64_t documents = 0;
  int64_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (flags.jsonl.empty()) {
      writer->Add(line);
      ++documents;
      continue;
    }
    if (line.empty()) continue;
    auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": not a JSON object"));
    }
    for (const char* field : {"title", "description"}) {
      auto it = json.find(field);
      if (it != json.end() && it->is_string()) writer->Add(it->get<std::string>());
    }
    ++documents;
  }
  return documents;
}

void RunTrain(CliContext& ctx, const TrainFlags& flags) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto options = embed::EmbedOptionsFromConfig(*config);
  if (!options.ok()) return ctx.Fail(options.status(), kExitUsage);
  const int inputs = static_cast<int>(!flags.jsonl.empty()) + static_cast<int>(!flags.text.empty()) +
                     static_cast<int>(!flags.import.empty());
  if (inputs != 1) {
    return ctx.Fail(absl::InvalidArgumentError("give exactly one of --jsonl, --text and --import"),
                    kExitUsage);
  }
  const std::string models_dir =
      flags.models_dir.empty() ? config->GetString("state_dir") + "/models" : flags.models_dir;
  std::error_code ec;
  std::filesystem::create_directories(models_dir, ec);
  if (!flags.import.empty()) return ImportModel(ctx, flags, models_dir);
  const std::string corpus_path = models_dir + "/.training-corpus.txt";

  auto writer = embed::TrainingCorpusWriter::Create(corpus_path);
  if (!writer.ok()) return ctx.Fail(writer.status(), kExitFailure);
  auto documents = WriteCorpus(flags, writer->get());
  if (absl::Status st = documents.ok() ? (*writer)->Finish() : documents.status(); !st.ok()) {
    std::filesystem::remove(corpus_path, ec);
    return ctx.Fail(st,
                    st.code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitFailure);
  }
  log::Info("train_started", {{"documents", *documents},
                              {"lines", (*writer)->lines()},
                              {"tokens", (*writer)->tokens()},
                              {"dim", options->train.dim},
                              {"epoch", options->train.epoch}});

  const auto start = std::chrono::steady_clock::now();
  auto model = embed::FastTextModel::Train(corpus_path, options->train);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::filesystem::remove(corpus_path, ec);
  if (!model.ok()) return ctx.Fail(model.status(), kExitFailure);

  embed::ModelProvenance provenance;
  provenance.created_at_unix = NowUnix();
  provenance.training_lines = (*writer)->lines();
  provenance.training_seconds = seconds;
  auto info = embed::SaveModelVersion(**model, models_dir, provenance);
  if (!info.ok()) return ctx.Fail(info.status(), kExitFailure);
  log::Info("train_finished", {{"version_id", info->version_id}, {"seconds", seconds}});
  std::cout << embed::ModelInfoToJson(*info).dump(2) << "\n";
}

}  // namespace

void RegisterTrainCommand(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<TrainFlags>();
  auto* cmd = app.add_subcommand("train", "Train a fastText model and save it as a new version");
  cmd->add_option("--jsonl", flags->jsonl,
                  "postings as JSON Lines (title, description); - = stdin");
  cmd->add_option("--text", flags->text, "one raw document per line; - = stdin");
  cmd->add_option("--import", flags->import,
                  "add a pretrained fastText .bin (e.g. Common Crawl vectors) as a new version");
  cmd->add_option("--models-dir", flags->models_dir,
                  "where versions go (default <state_dir>/models)");
  cmd->callback([&ctx, flags] { RunTrain(ctx, *flags); });
}

}  // namespace jobrec::cli
