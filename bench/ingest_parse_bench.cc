// Parse + normalise throughput of the ingest core on a 100,000-posting JSON Lines file made
// from the demo corpus by repetition with new ids (written to a scratch folder first, plain
// and gzip-compressed). PostgreSQL is not involved: the full import with COPY is measured
// separately.
//
//   ingest_parse_bench                      100,000 postings
//   ingest_parse_bench --postings 20000 --scratch /tmp/x
//
// Stages, each timed over the whole file, with ratios against the read-only baseline measured
// in the same run:
//   read lines        LineReader only (gunzip + line splitting)
//   + JSON parse      nlohmann::json::parse of every line
//   + map/normalise   JsonlSource pages: PostingFromJson + FinalizePosting (the import path)
//   + dedupe sign     the above plus Sign() (title/company keys, SimHash) per posting
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/dedupe.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/line_reader.h"

namespace jobrec::bench {
namespace {

struct Flags {
  size_t postings = 100000;
  std::string corpus = "data/demo/postings.jsonl.gz";
  std::string scratch = "/tmp/jobrec-ingest-bench";
  size_t page_size = 1000;
};

// Writes `count` postings cycling through the demo corpus, each with a new external id.
// Returns the uncompressed size.
size_t WriteInput(const Flags& flags, const std::string& plain, const std::string& gz) {
  auto reader = ingest::LineReader::Open(flags.corpus);
  if (!reader.ok()) {
    std::fprintf(stderr, "cannot read %s: %s\n", flags.corpus.c_str(),
                 std::string(reader.status().message()).c_str());
    std::exit(2);
  }
  std::vector<nlohmann::json> base;
  for (;;) {
    auto line = (*reader)->Next();
    if (!line.ok() || !*line) break;
    base.push_back(nlohmann::json::parse((*line)->text));
  }
  std::ofstream out(plain, std::ios::binary);
  gzFile gzout = gzopen(gz.c_str(), "wb6");
  size_t bytes = 0;
  for (size_t i = 0; i < flags.postings; ++i) {
    nlohmann::json p = base[i % base.size()];
    p["external_id"] = p["external_id"].get<std::string>() + "-r" + std::to_string(i / base.size());
    const std::string line = p.dump() + "\n";
    out << line;
    gzwrite(gzout, line.data(), static_cast<unsigned>(line.size()));
    bytes += line.size();
  }
  gzclose(gzout);
  return bytes;
}

struct Result {
  double wall = 0, cpu = 0;
  size_t items = 0;
};

template <typename Fn>
Result Time(Fn&& fn) {
  const double cpu0 = ThreadCpuSeconds();
  Stopwatch watch;
  Result r;
  r.items = fn();
  r.wall = watch.Seconds();
  r.cpu = ThreadCpuSeconds() - cpu0;
  return r;
}

size_t ReadLines(const std::string& path) {
  auto reader = ingest::LineReader::Open(path);
  size_t n = 0;
  for (;;) {
    auto line = (*reader)->Next();
    if (!line.ok() || !*line) return n;
    ++n;
  }
}

size_t ParseJson(const std::string& path) {
  auto reader = ingest::LineReader::Open(path);
  size_t n = 0;
  for (;;) {
    auto line = (*reader)->Next();
    if (!line.ok() || !*line) return n;
    n += !nlohmann::json::parse((*line)->text, nullptr, false).is_discarded();
  }
}

size_t Import(const std::string& path, size_t page_size, bool sign) {
  auto source = ingest::JsonlSource::Open({.path = path, .provider = "", .page_size = page_size});
  nlohmann::json cursor;
  size_t n = 0;
  uint64_t sink = 0;
  for (;;) {
    auto page = (*source)->FetchPage(cursor);
    if (!page.ok()) {
      std::fprintf(stderr, "import failed: %s\n", std::string(page.status().message()).c_str());
      std::exit(1);
    }
    n += page->postings.size();
    if (sign) {
      for (const auto& p : page->postings) sink ^= ingest::Sign(p).simhash;
    }
    cursor = page->next_cursor;
    if (page->last) break;
  }
  if (sink == 42) std::printf(" ");  // keeps the signatures from being optimised away
  return n;
}

void Report(const char* stage, const Result& r, const Result& baseline, size_t bytes) {
  std::printf("  %-18s %9.0f postings/s %8.1f MB/s   wall %6.2f s  cpu %6.2f s   x%.2f of read\n",
              stage, r.items / r.wall, bytes / r.wall / 1e6, r.wall, r.cpu,
              r.wall / baseline.wall);
}

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  using namespace jobrec::bench;
  Flags flags;
  CLI::App app("ingest parse + normalise throughput");
  app.add_option("--postings", flags.postings, "postings in the generated file");
  app.add_option("--corpus", flags.corpus, "demo corpus to repeat");
  app.add_option("--scratch", flags.scratch, "folder for the generated files");
  app.add_option("--page-size", flags.page_size, "postings per JsonlSource page");
  CLI11_PARSE(app, argc, argv);
  jobrec::log::Init(jobrec::log::Format::kText, jobrec::log::Level::kWarn);

  std::filesystem::create_directories(flags.scratch);
  const std::string plain = flags.scratch + "/postings.jsonl";
  const std::string gz = plain + ".gz";
  const size_t bytes = WriteInput(flags, plain, gz);
  std::printf("ingest_parse_bench: %zu postings, %.1f MB uncompressed, %.1f MB gzip; %s\n",
              flags.postings, bytes / 1e6, std::filesystem::file_size(gz) / 1e6,
              MachineLoad().c_str());
  for (const std::string& path : {plain, gz}) {
    std::printf("%s\n", path == gz ? "gzip file:" : "plain file:");
    const Result read = Time([&] { return ReadLines(path); });
    Report("read lines", read, read, bytes);
    Report("+ JSON parse", Time([&] { return ParseJson(path); }), read, bytes);
    const Result import = Time([&] { return Import(path, flags.page_size, false); });
    Report("+ map/normalise", import, read, bytes);
    Report("+ dedupe sign", Time([&] { return Import(path, flags.page_size, true); }), read,
           bytes);
    if (import.items != flags.postings) {
      std::fprintf(stderr, "imported %zu of %zu postings\n", import.items, flags.postings);
      return 1;
    }
  }
  std::printf("peak RSS %.0f MB\n", ResidentBytes() / 1e6);
  return 0;
}
