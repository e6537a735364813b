// Bulk import into PostgreSQL: a JSON Lines file of --postings postings made from the demo corpus
// by repetition with new external ids, imported through the sync pipeline (file source ->
// normalise -> dedupe -> COPY + upsert, pages of --page-size) into a fresh database; then the
// same file again (every posting unchanged). Before them, in the same database, the demo corpus
// load that `jobrec serve` does on first start. Embedding is not part of any of it.
//
//   bench/run_ingest_import_bench.sh [BUILD_DIR]     starts a PostgreSQL and runs this
//   ingest_import_bench --database-url URL [--postings 100000] [--page-size 2000] [--distinct]
//                       [--server-pid-file DATA_DIR/postmaster.pid]
//
// A sync stores postings without their full-text vector and indexes them for the jobs API's q
// afterwards (store/posting_writer_search.h; a bulk import after its last page): the import is
// timed to its last page's commit (postings stored, deduplicated, listed) and to when the sync
// returns (every posting also found by q). With --server-pid-file (a server on this machine),
// the CPU time of the server's processes is printed too: on a machine shared with other work,
// CPU seconds per posting compare runs more fairly than wall time.
//
// The baseline, measured in the same run: the client side alone (read, parse, normalise, dedupe
// signature, content hash: everything but the database) over the same file. The import's ratio to
// it shows what the database costs. The copies share their original's URL, so from the second
// round on every posting is linked to the demo posting it copies, as a re-posted job would be.
// With --distinct each copy gets another demo posting's company and its own URL instead, so
// (almost) none is a duplicate and every posting goes through the broad lookups (its company's
// other postings) as well.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_status.h"
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
  std::string server_pid_file;
  std::string keep_database;  // "": a scratch database, dropped at the end
  bool distinct = false;
};


// CPU seconds of a local PostgreSQL: the postmaster, its live children and its exited ones
// (which the postmaster has waited for), from /proc; 0 without --server-pid-file.
double ServerCpuSeconds(const std::string& pid_file) {
  if (pid_file.empty()) return 0;
  auto fields = [](const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> out;  // from field 3 (state) on: the name may hold spaces
    const size_t name_end = stat.rfind(')');
    if (name_end == std::string::npos || name_end + 2 > stat.size()) return out;  // it exited
    std::istringstream rest(stat.substr(name_end + 2));
    for (std::string f; rest >> f;) out.push_back(f);
    return out;
  };
  std::ifstream in(pid_file);
  std::string postmaster;
  in >> postmaster;
  const std::vector<std::string> own = fields(postmaster);
  if (own.size() < 15) Die("server cpu", absl::NotFoundError("no process of " + pid_file));
  double ticks = 0;
  for (int i = 11; i <= 14; ++i) ticks += std::stod(own[i]);  // utime stime cutime cstime
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::vector<std::string> child = fields(pid);
    if (child.size() >= 13 && child[1] == postmaster) ticks += std::stod(child[11]) + std::stod(child[12]);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
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
    if (const size_t copy = i / base.size(); flags.distinct && copy > 0) {
      // A prime stride: each round pairs the titles with other companies.
      p["company"] = base[(i + 7919 * copy) % base.size()]["company"];
      p["url"] = p["url"].get<std::string>() + "-" + std::to_string(copy);
    }
    out << p.dump() << '\n';
  }
}

struct Timing {
  double wall = 0;
  double cpu = 0;         // this process, every thread
  double server_cpu = 0;  // the server's processes (--server-pid-file)
};

// Marks a moment within a timed call (the commit of a sync's last page) for a second Timing.
class Lap {
 public:
  explicit Lap(const std::string& server_pid_file) : server_pid_file_(server_pid_file) {}
  void Start() {
    watch_ = Stopwatch();
    cpu_ = ProcessCpuSeconds();
    server_cpu_ = ServerCpuSeconds(server_pid_file_);
  }
  Timing Now() const {
    return {watch_.Seconds(), ProcessCpuSeconds() - cpu_, ServerCpuSeconds(server_pid_file_) - server_cpu_};
  }

 private:
  const std::string& server_pid_file_;
  Stopwatch watch_;
  double cpu_ = 0;
  double server_cpu_ = 0;
};

template <typename F>
Timing Time(Lap& lap, F&& f) {
  lap.Start();
  f();
  return lap.Now();
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
      "  %-40s %7zu postings %7.2f s wall %6.2f s client cpu %6.2f s server cpu %7.0f postings/s  "
      "x%.2f of baseline  %5.0f us cpu/posting\n",
      label, postings, t.wall, t.cpu, t.server_cpu, rate, rate / baseline_rate,
      1e6 * (t.cpu + t.server_cpu) / static_cast<double>(postings));
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
  app.add_option("--server-pid-file", flags.server_pid_file,
                 "postmaster.pid of the server when it runs on this machine: its CPU time is printed")
      ->check(CLI::ExistingFile);
  app.add_flag("--distinct", flags.distinct,
               "copies get other companies and URLs: hardly any duplicate, broad lookups for all");
  app.add_option("--keep-database", flags.keep_database,
                 "import into the database of this name (replaced if it exists) and keep it");
  CLI11_PARSE(app, argc, argv);
  log::Init(log::Format::kText, log::Level::kWarn);

  std::filesystem::create_directories(flags.scratch);
  const std::string input = flags.scratch + "/postings.jsonl";
  WriteInput(flags, input);
  const std::string database =
      flags.keep_database.empty() ? "jobrec_import_bench_" + std::to_string(getpid()) : flags.keep_database;
  if (absl::Status s = store::DropDatabaseIfExists(flags.database_url, database); !s.ok()) {
    Die("drop database", s);
  }
  if (absl::Status s = store::CreateDatabaseIfMissing(flags.database_url, database); !s.ok()) {
    Die("create database", s);
  }
  {
    const std::string url = Must(store::WithDatabaseName(flags.database_url, database), "database url");
    auto db = Must(store::Database::Open({.url = url, .pool_size = 4}), "connect");
    auto migrator = Must(store::Migrator::Embedded(), "migrations");
    Must(migrator.Apply(*db), "migrate");

    std::printf("ingest_import_bench: %zu postings (demo corpus repeated, new ids%s), pages of %d; %s\n",
                flags.postings, flags.distinct ? ", other companies and URLs" : "", flags.page_size,
                MachineLoad().c_str());
    Lap lap(flags.server_pid_file);
    size_t parsed = 0;
    const Timing baseline = Time(lap, [&] { parsed = ClientOnly(input, flags.page_size); });
    const double baseline_rate = parsed / baseline.wall;

    ingest::DemoLoadResult demo;
    const Timing demo_time = Time(
        lap, [&] { demo = Must(ingest::LoadDemoCorpusIfEmpty(*db, {.path = flags.corpus}), "demo corpus"); });
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
    // The last page's on_page call follows its commit.
    Timing committed;
    const ingest::SyncOptions options{.on_page = [&](const store::SyncRunRecord&) { committed = lap.Now(); }};
    store::SyncRunRecord first, second;
    const Timing import = Time(lap, [&] { first = Must(runner.Run(source, options), "import"); });
    const Timing import_committed = committed;
    const Timing reimport = Time(lap, [&] { second = Must(runner.Run(source, options), "re-import"); });

    std::printf("  %-40s %7zu postings %7.2f s wall %6.2f s client cpu %7.0f postings/s  (baseline)\n",
                "client only (parse..hash, no db)", parsed, baseline.wall, baseline.cpu, baseline_rate);
    PrintRow("demo corpus load (empty db, searchable)", demo_postings, demo_time, baseline_rate);
    PrintRow("import, new postings: stored", static_cast<size_t>(first.seen), import_committed, baseline_rate);
    PrintRow("import, new postings: searchable", static_cast<size_t>(first.seen), import, baseline_rate);
    PrintRow("re-import (all unchanged)", static_cast<size_t>(second.seen), reimport, baseline_rate);
    const int64_t visible = Must(store::PostingReader(*db).List(1, {.limit = 1}), "list").total;
    std::printf(
        "  import: %lld new, %lld rejected; re-import: %lld unchanged, %lld updated; visible after both: "
        "%lld (postings not linked to an earlier one as its duplicate)\n",
        static_cast<long long>(first.inserted), static_cast<long long>(first.rejected),
        static_cast<long long>(second.unchanged), static_cast<long long>(second.updated),
        static_cast<long long>(visible));
  }
  if (flags.keep_database.empty()) {
    if (absl::Status s = store::DropDatabaseIfExists(flags.database_url, database); !s.ok()) {
      Die("drop database", s);
    }
  }
  std::filesystem::remove(input);
  return 0;
}
