// `jobrec ingest SOURCE_NAME [--restart]`: syncs a configured source now, in this process (see
// `jobrec sources`), shows its progress on stderr and prints its counts.
// `jobrec ingest --demo`: loads the demo corpus (ingest.demo_corpus_path) when there are no
// postings yet, as `jobrec serve` does at start (ingest/demo_corpus.h), and says what it did.
// `jobrec ingest --file PATH [--format jsonl|csv] [--preset NAME] [--name NAME]`: imports a
// file: creates (or updates) the file source NAME (default: the file name without extensions)
// and syncs it. JSON Lines files need no mapping (ingest/posting_json.h); CSV files need a
// preset (--preset nyc) — other CSV layouts are configured as a source with a "mapping"
// parameter (ingest/csv_source.h). A file source is a full sync: postings that disappear from
// the file expire after ingest.expire_after_missed_syncs imports without them.
//
// Exit codes: 0 when the pass finished; 1 when it failed (it resumes from where it stopped at
// the next sync; --restart starts it over) or the source is busy; 2 for bad flags.
#include <chrono>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/cli/ingest_support.h"
#include "jobrec/common/http_client.h"
#include "jobrec/ingest/csv_source.h"
#include "jobrec/ingest/demo_corpus.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/ingest/sync.h"

namespace jobrec::cli {
namespace {

struct IngestFlags {
  std::string source;
  std::string file;
  std::string format;
  std::string preset;
  std::string name;
  bool restart = false;
  bool demo = false;
};

constexpr int kFilePageSize = 2000;

std::string StripSuffix(std::string text, const std::string& suffix) {
  if (absl::EndsWith(text, suffix)) text.resize(text.size() - suffix.size());
  return text;
}

// "data/nyc/nyc-jobs.csv" -> "nyc-jobs"; "x/Jobs 2024.jsonl.gz" -> "Jobs-2024".
std::string SourceNameOf(const std::string& path) {
  std::string name = StripSuffix(std::filesystem::path(path).filename().string(), ".gz");
  name = std::filesystem::path(name).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') c = '-';
  }
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) name = "file-" + name;
  return name.substr(0, 100);
}

absl::StatusOr<std::string> FormatOf(const IngestFlags& flags) {
  if (!flags.format.empty()) return flags.format;
  const std::string path = StripSuffix(flags.file, ".gz");
  if (absl::EndsWith(path, ".jsonl") || absl::EndsWith(path, ".ndjson") || absl::EndsWith(path, ".json")) {
    return "jsonl";
  }
  if (absl::EndsWith(path, ".csv")) return "csv";
  return absl::InvalidArgumentError(
      absl::StrCat("cannot tell the format of ", flags.file, " from its name; pass --format jsonl|csv"));
}

absl::StatusOr<store::SourceSpec> FileSourceSpec(const IngestFlags& flags) {
  JOBREC_ASSIGN_OR_RETURN(const std::string format, FormatOf(flags));
  store::SourceSpec spec{
      .name = flags.name.empty() ? SourceNameOf(flags.file) : flags.name, .kind = format, .full_sync = true};
  spec.params = {{"path", std::filesystem::absolute(flags.file).string()}, {"page_size", kFilePageSize}};
  if (format == "jsonl") {
    if (!flags.preset.empty()) return absl::InvalidArgumentError("--preset is for CSV files");
    spec.params["provider"] = "file:" + spec.name;
  } else if (flags.preset.empty()) {
    std::string presets;
    for (const std::string& name : ingest::CsvPresetNames()) {
      absl::StrAppend(&presets, presets.empty() ? "" : ", ", name);
    }
    return absl::InvalidArgumentError(
        absl::StrCat("a CSV file needs --preset (", presets,
                     "); for another layout add a source with a column mapping: "
                     "jobrec sources add NAME --kind csv --params '{\"path\": …, \"mapping\": {…}}'"));
  } else {
    spec.params["preset"] = flags.preset;
  }
  return spec;
}

// `import_seconds`: the wall time of a whole file import, for its rate (a resumed sync's counts
// include earlier attempts, so no rate is printed for those).
void PrintRun(const std::string& name, const store::SyncRunRecord& run,
              std::optional<double> import_seconds) {
  std::cout << "source " << name << ": " << RunSummary(run) << "\n";
  if (import_seconds && *import_seconds > 0) {
    std::cout << "  " << static_cast<int64_t>(*import_seconds * 1000) << " ms, "
              << static_cast<int64_t>(static_cast<double>(run.seen + run.rejected) / *import_seconds)
              << " postings/s\n";
  }
  if (!run.rejections.empty()) {
    std::cout << "  rejected"
              << (run.rejected > static_cast<int64_t>(run.rejections.size()) ? " (first ones)" : "") << ":\n";
    for (const auto& r : run.rejections) {
      std::cout << "    " << r.value("where", "") << ": " << r.value("reason", "") << "\n";
    }
  }
}

void LoadDemo(CliContext& ctx) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  const ingest::IngestOptions options = ingest::IngestOptionsFromConfig(*config);
  auto store = OpenMigratedStore(ctx, *config);
  if (!store) return;
  // Asked for explicitly: ingest.load_demo_corpus (what `serve` obeys) does not apply.
  ingest::DemoCorpusOptions demo = ingest::DemoCorpusOptionsOf(options);
  demo.enabled = true;
  auto loaded = ingest::LoadDemoCorpusIfEmpty(store->db(), demo);
  if (!loaded.ok()) return ctx.Fail(loaded.status(), kExitFailure);
  std::cout << "demo corpus: " << ingest::DemoOutcomeName(loaded->outcome) << "\n";
  if (loaded->run) PrintRun(ingest::kDemoSourceName, *loaded->run, loaded->seconds);
  if (loaded->outcome == ingest::DemoLoadResult::Outcome::kMissingFile ||
      loaded->outcome == ingest::DemoLoadResult::Outcome::kBusy) {
    ctx.exit_code = kExitFailure;
  }
}

void Run(CliContext& ctx, const IngestFlags& flags) {
  const int given = !flags.source.empty() + !flags.file.empty() + flags.demo;
  if (given != 1) {
    return ctx.Fail(absl::InvalidArgumentError("give one of SOURCE_NAME, --file PATH or --demo"), kExitUsage);
  }
  if (flags.demo) return LoadDemo(ctx);
  if (!flags.file.empty() && flags.restart) {
    return ctx.Fail(
        absl::InvalidArgumentError("--restart is for SOURCE_NAME (a file import always starts over)"),
        kExitUsage);
  }
  absl::StatusOr<store::SourceSpec> file_spec = store::SourceSpec{};
  if (!flags.file.empty()) {
    file_spec = FileSourceSpec(flags);
    if (!file_spec.ok()) return ctx.Fail(file_spec.status(), kExitUsage);
  }
  auto config = ctx.LoadConfig();
  if (!config) return;
  const ingest::IngestOptions options = ingest::IngestOptionsFromConfig(*config);
  auto store = OpenMigratedStore(ctx, *config);
  if (!store) return;
  store::SourceRepo sources(store->db());

  int64_t source_id = 0;
  std::string name = flags.source;
  if (!flags.file.empty()) {
    name = file_spec->name;
    // A file import is a whole pass over the file: a previous, unfinished one is abandoned.
    auto existing = sources.FindByName(name);
    if (!existing.ok()) return ctx.Fail(existing.status(), kExitFailure);
    if (existing->has_value() && (*existing)->spec.kind != file_spec->kind) {
      return ctx.Fail(absl::AlreadyExistsError(absl::StrCat("source '", name, "' (kind ", (*existing)->spec.kind,
                                                            ") exists; choose another --name")),
                      kExitUsage);
    }
    auto upserted = sources.Upsert(*file_spec);
    if (!upserted.ok()) return ctx.Fail(upserted.status(), kExitUsage);
    source_id = upserted->first;
    if (existing->has_value()) {
      if (absl::Status s = sources.RestartPass(source_id); !s.ok()) return ctx.Fail(s, kExitFailure);
    }
  } else {
    auto found = sources.FindByName(name);
    if (!found.ok()) return ctx.Fail(found.status(), kExitFailure);
    if (!found->has_value()) {
      return ctx.Fail(
          absl::NotFoundError(absl::StrCat("no source named '", name, "' (see `jobrec sources list`)")),
          kExitUsage);
    }
    source_id = (*found)->id;
    if (flags.restart) {
      if (absl::Status s = sources.RestartPass(source_id); !s.ok()) return ctx.Fail(s, kExitFailure);
    }
  }

  ingest::SyncRunner runner(store->db(),
                            ingest::SourceConnectorOpener({.http = common::NewCurlHttpClient()}));
  const auto started = std::chrono::steady_clock::now();
  SyncProgress progress(name);
  auto run = runner.Run(source_id, {.expire_after_missed_syncs = options.expire_after_missed_syncs,
                                    .on_page = [&progress](const store::SyncRunRecord& r) { progress(r); }});
  progress.Finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!run.ok()) {
    if (auto failed = sources.Summary(source_id); failed.ok() && failed->last_run) {
      PrintRun(name, *failed->last_run, std::nullopt);
    }
    return ctx.Fail(run.status(), kExitFailure);
  }
  PrintRun(name, *run, flags.file.empty() ? std::nullopt : std::optional(seconds));
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd =
      app.add_subcommand("ingest", "Sync a source of postings now, or import a JSON Lines / CSV file");
  auto flags = std::make_shared<IngestFlags>();
  cmd->add_option("source", flags->source, "Name of a configured source (jobrec sources list)");
  cmd->add_option("--file", flags->file, "Import this file (.jsonl, .csv, optionally .gz)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", flags->format, "File format (default: from the file name)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_option("--preset", flags->preset, "CSV column mapping preset")
      ->check(CLI::IsMember(ingest::CsvPresetNames()));
  cmd->add_option("--name", flags->name, "Name of the file source (default: the file name)");
  cmd->add_flag("--restart", flags->restart,
                "Abandon the source's unfinished pass and start from the beginning");
  cmd->add_flag("--demo", flags->demo, "Load the demo corpus if there are no postings yet (as `serve` does)");
  cmd->callback([&ctx, flags] { Run(ctx, *flags); });
}

}  // namespace jobrec::cli
