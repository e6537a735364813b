// Bulk import into PostgreSQL: a JSON Lines file of --postings postings made from the demo corpus
// by repetition with new external ids, imported through the sync pipeline (file source ->
// normalise -> dedupe -> COPY + upsert, pages of --page-size) into a fresh database; then the
// same file again (every posting unchanged). Before them, in the same database, the demo corpus
// load that `jobrec serve` does on first start. Embedding is not part of any of it.
//
//   bench/run_ingest_import_bench.sh [BUILD_DIR]     starts a PostgreSQL and runs this
//   ingest_import_bench --database-url URL [--postings 100000] [--page-size 2000]
//
// The baseline, measured in the same run: the client side alone (read, parse, normalise, dedupe
// signature, content hash: everything but the database) over the same file. The import's ratio to
// it shows what the database costs. The copies share their original's URL, so from the second
// round on every posting is linked to the demo posting it copies, as a re-posted job would be.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/demo_corpus.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/line_reader.h"
#include "jobrec/ingest/posting_record.h"
#include "jobrec/ingest/sync.h"
#include "jobrec/store/database_admin.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/posting_writer.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::bench {
namespace {

struct Flags {
  std::string database_url;
  size_t postings = 100000;
  std::string corpus = "data/demo/postings.jsonl.gz";
  std::string scratch = "/tmp/jobrec-import-bench";
  int page_size = 2000;
};

[[noreturn]] void Die(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "ingest_import_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Die(what, value.status());
  return std::move(value).value();
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// `count` postings cycling through the corpus, each with a new external id and provider "bench".
void WriteInput(const Flags& flags, const std::string& path) {
  auto reader = Must(ingest::LineReader::Open(flags.corpus), "reading " + flags.corpus);
  std::vector<nlohmann::json> base;
  for (;;) {
    auto line = Must(reader->Next(), "reading " + flags.corpus);
    if (!line) break;
    base.push_back(nlohmann::json::parse(line->text));
  }
  std::ofstream out(path, std::ios::binary);
  for (size_t i = 0; i < flags.postings; ++i) {
    nlohmann::json p = base[i % base.size()];
    p["provider"] = "bench";
    p["external_id"] = "bench-" + std::to_string(i);
    out << p.dump() << '\n';
  }
}

struct Timing {
  double wall = 0;
  double cpu = 0;  // this process, every thread
};

template <typename F>
Timing Time(F&& f) {
  const double cpu = ProcessCpuSeconds();
  Stopwatch watch;
  f();
  return {watch.Seconds(), ProcessCpuSeconds() - cpu};
}

// Everything the import does in the client, without the database.
size_t ClientOnly(const std::string& path, int page_size) {
  auto source =
      Must(ingest::JsonlSource::Open({.path = path, .page_size = static_cast<size_t>(page_size)}), "open");
  size_t postings = 0, hashed = 0;
  nlohmann::json cursor;
  for (bool last = false; !last;) {
    ingest::Page page = Must(source->FetchPage(cursor), "parse");
    for (const ingest::Posting& p : page.postings) {
      hashed += store::PostingContentHash(ingest::ToPostingRow(p)).size();
    }
    postings += page.postings.size();
    cursor = page.next_cursor;
    last = page.last;
  }
  return hashed > 0 ? postings : 0;
}

void PrintRow(const char* label, size_t postings, const Timing& t, double baseline_rate) {
  const double rate = postings / t.wall;
  std::printf(
      "  %-34s %8zu postings  %7.2f s wall  %6.2f s client cpu  %8.0f postings/s  x%.2f of baseline\n", label,
      postings, t.wall, t.cpu, rate, rate / baseline_rate);
}

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  using namespace jobrec;
  using namespace jobrec::bench;
  Flags flags;
  CLI::App app{"Bulk import of postings into PostgreSQL"};
  app.add_option("--database-url", flags.database_url,
                 "libpq URL of a server to create a scratch database on")
      ->required();
  app.add_option("--postings", flags.postings, "postings in the generated file")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--corpus", flags.corpus, "the demo corpus");
  app.add_option("--scratch", flags.scratch, "folder for the generated file");
  app.add_option("--page-size", flags.page_size, "postings per page (one transaction each)")
      ->check(CLI::Range(1, 100000));
  CLI11_PARSE(app, argc, argv);
  log::Init(log::Format::kText, log::Level::kWarn);

  std::filesystem::create_directories(flags.scratch);
  const std::string input = flags.scratch + "/postings.jsonl";
  WriteInput(flags, input);
  const std::string database = "jobrec_import_bench_" + std::to_string(getpid());
  if (absl::Status s = store::CreateDatabaseIfMissing(flags.database_url, database); !s.ok()) {
    Die("create database", s);
  }
  {
    const std::string url = Must(store::WithDatabaseName(flags.database_url, database), "database url");
    auto db = Must(store::Database::Open({.url = url, .pool_size = 4}), "connect");
    auto migrator = Must(store::Migrator::Embedded(), "migrations");
    Must(migrator.Apply(*db), "migrate");

    std::printf("ingest_import_bench: %zu postings (demo corpus repeated, new ids), pages of %d; %s\n",
                flags.postings, flags.page_size, MachineLoad().c_str());
    size_t parsed = 0;
    const Timing baseline = Time([&] { parsed = ClientOnly(input, flags.page_size); });
    const double baseline_rate = parsed / baseline.wall;

    ingest::DemoLoadResult demo;
    const Timing demo_time =
        Time([&] { demo = Must(ingest::LoadDemoCorpusIfEmpty(*db, {.path = flags.corpus}), "demo corpus"); });
    const size_t demo_postings = demo.run ? static_cast<size_t>(demo.run->seen) : 0;

    const int64_t source =
        Must(store::SourceRepo(*db).Upsert({.name = "bench",
                                            .kind = "jsonl",
                                            .params = {{"path", std::filesystem::absolute(input).string()},
                                                       {"page_size", flags.page_size}},
                                            .full_sync = true}),
             "source")
            .first;
    ingest::SyncRunner runner(*db, ingest::SourceConnectorOpener({}));
    store::SyncRunRecord first, second;
    const Timing import = Time([&] { first = Must(runner.Run(source, {}), "import"); });
    const Timing reimport = Time([&] { second = Must(runner.Run(source, {}), "re-import"); });

    std::printf("  %-34s %8zu postings  %7.2f s wall  %6.2f s client cpu  %8.0f postings/s  (baseline)\n",
                "client only (parse..hash, no db)", parsed, baseline.wall, baseline.cpu, baseline_rate);
    PrintRow("demo corpus load (empty db)", demo_postings, demo_time, baseline_rate);
    PrintRow("import (new postings)", static_cast<size_t>(first.seen), import, baseline_rate);
    PrintRow("re-import (all unchanged)", static_cast<size_t>(second.seen), reimport, baseline_rate);
    const int64_t visible = Must(store::PostingReader(*db).List(1, {.limit = 1}), "list").total;
    std::printf(
        "  import: %lld new, %lld rejected; re-import: %lld unchanged, %lld updated; visible after both: "
        "%lld (the copies are linked to the postings they repeat)\n",
        static_cast<long long>(first.inserted), static_cast<long long>(first.rejected),
        static_cast<long long>(second.unchanged), static_cast<long long>(second.updated),
        static_cast<long long>(visible));
  }
  if (absl::Status s = store::DropDatabaseIfExists(flags.database_url, database); !s.ok()) {
    Die("drop database", s);
  }
  std::filesystem::remove(input);
  return 0;
}
