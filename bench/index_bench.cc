// Recommendation latency and recall of the ANN index against exact brute-force search, on
// synthetic clustered postings (jobrec/index/testing/synthetic_postings.h).
//
//   index_bench                       10k and 100k postings (a few minutes on 2 cores)
//   index_bench --sizes 1000000       1M postings (building takes minutes: not for CI)
//   index_bench --ef-search 32,64,128 several query-time ef values on the same graph
//   index_bench --selectivity-sweep   filtered graph search vs exact scan by selectivity
//
// For each size it prints: build time, memory per posting beyond the raw vectors (computed
// from hnswlib's layout, and measured as the RSS growth during the build), and for queries
// without a filter and with a filter excluding ~30% of postings: recall@k against brute
// force, latency p50/p99 with one thread and with two threads querying concurrently, and the
// speed-up over the brute-force baseline measured in the same run.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <thread>
#include <unordered_set>

#include <CLI/CLI.hpp>

#include "bench/bench_support.h"
#include "jobrec/common/log.h"
#include "jobrec/index/attribute_store.h"
#include "jobrec/index/testing/synthetic_postings.h"
#include "jobrec/index/vector_index.h"

namespace jobrec::bench {
namespace {

using index::IndexOptions;
using index::IndexRow;
using index::SearchFilter;
using index::VectorIndex;

struct Flags {
  std::vector<size_t> sizes = {10000, 100000};
  int dim = 100;
  int clusters = 300;
  double spread = 0.6;
  size_t queries = 500;
  size_t k = 20;
  size_t m = 16;
  size_t ef_construction = 200;
  std::vector<size_t> ef_search = {64};
  int build_threads = 2;
  bool selectivity_sweep = false;
  bool keep_snapshot = false;
  bool sweep_only = false;
  std::string scratch = "/tmp/jobrec-index-bench";
};

constexpr int64_t kNow = 1796220000;
constexpr char kModel[] = "bench-model";

struct NamedFilter {
  std::string name;
  SearchFilter filter;
};

// Exact top-k by a plain scan over the rows: the baseline for recall and speed.
class BruteForce {
 public:
  BruteForce(const std::vector<IndexRow>& rows, int dim) : rows_(rows), dim_(dim) {
    attributes_.reserve(rows.size());
    for (const IndexRow& row : rows) attributes_.push_back(store_.Encode(row.attributes));
  }

  std::vector<int64_t> TopK(const std::vector<float>& q, size_t k,
                            const SearchFilter& filter) const {
    const index::CompiledFilter compiled = store_.Compile(filter, kNow);
    std::vector<std::pair<float, int64_t>> best;  // min-heap on score
    const auto worse = [](const auto& a, const auto& b) { return a.first > b.first; };
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (!compiled.Matches(attributes_[i])) continue;
      const float* v = rows_[i].vector.data();
      float dot = 0;
      for (int d = 0; d < dim_; ++d) dot += q[d] * v[d];
      if (best.size() < k) {
        best.emplace_back(dot, rows_[i].posting_id);
        std::push_heap(best.begin(), best.end(), worse);
      } else if (dot > best.front().first) {
        std::pop_heap(best.begin(), best.end(), worse);
        best.back() = {dot, rows_[i].posting_id};
        std::push_heap(best.begin(), best.end(), worse);
      }
    }
    std::vector<int64_t> ids;
    for (const auto& [score, id] : best) ids.push_back(id);
    return ids;
  }

  double Selectivity(const SearchFilter& filter) const {
    const index::CompiledFilter compiled = store_.Compile(filter, kNow);
    size_t n = 0;
    for (const auto& a : attributes_) n += compiled.Matches(a);
    return static_cast<double>(n) / std::max<size_t>(attributes_.size(), 1);
  }

 private:
  const std::vector<IndexRow>& rows_;
  int dim_;
  index::AttributeStore store_;
  std::vector<index::CompactAttributes> attributes_;
};

struct Measurement {
  double recall = 0;
  double p50_1t = 0, p99_1t = 0;
  double p50_2t = 0, p99_2t = 0;
  double cpu_p99_2t = 0;  // CPU time of the query's thread: wall minus time spent preempted
  double qps_2t = 0;
  std::string strategies;
};

double Recall(const std::vector<index::SearchHit>& hits, const std::vector<int64_t>& truth) {
  if (truth.empty()) return 1;
  std::unordered_set<int64_t> found;
  for (const auto& h : hits) found.insert(h.posting_id);
  size_t n = 0;
  for (int64_t id : truth) n += found.count(id);
  return static_cast<double>(n) / truth.size();
}

Measurement Measure(const VectorIndex& index, const std::vector<std::vector<float>>& queries,
                    const std::vector<std::vector<int64_t>>& truth, size_t k,
                    const SearchFilter& filter) {
  Measurement m;
  std::vector<double> latencies;
  std::map<std::string, int> strategies;
  for (size_t i = 0; i < queries.size(); ++i) {
    Stopwatch watch;
    auto result = index.Search(queries[i], k, filter);
    latencies.push_back(watch.Seconds() * 1e3);
    if (!result.ok()) {
      std::fprintf(stderr, "search failed: %s\n", result.status().ToString().c_str());
      std::exit(1);
    }
    m.recall += Recall(result->hits, truth[i]);
    ++strategies[index::SearchStrategyName(result->strategy)];
  }
  m.recall /= queries.size();
  m.p50_1t = Percentile(latencies, 50);
  m.p99_1t = Percentile(latencies, 99);
  for (const auto& [name, count] : strategies) {
    m.strategies += (m.strategies.empty() ? "" : ",") + name + ":" + std::to_string(count);
  }

  // Two threads querying at once, each over the whole query set.
  std::vector<double> lat[2], cpu[2];
  Stopwatch wall;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = 0; i < queries.size(); ++i) {
          const size_t q = (i + t * queries.size() / 2) % queries.size();
          Stopwatch watch;
          const double cpu_start = ThreadCpuSeconds();
          auto result = index.Search(queries[q], k, filter);
          cpu[t].push_back((ThreadCpuSeconds() - cpu_start) * 1e3);
          lat[t].push_back(watch.Seconds() * 1e3);
        }
      });
    }
  }
  m.qps_2t = 2.0 * queries.size() / wall.Seconds();
  lat[0].insert(lat[0].end(), lat[1].begin(), lat[1].end());
  m.p50_2t = Percentile(lat[0], 50);
  m.p99_2t = Percentile(lat[0], 99);
  cpu[0].insert(cpu[0].end(), cpu[1].begin(), cpu[1].end());
  m.cpu_p99_2t = Percentile(cpu[0], 99);
  return m;
}

IndexOptions OptionsFor(const Flags& flags, size_t ef) {
  IndexOptions o;
  o.m = flags.m;
  o.ef_construction = flags.ef_construction;
  o.ef_search = ef;
  o.build_threads = flags.build_threads;
  return o;
}

std::vector<NamedFilter> StandardFilters() {
  std::vector<NamedFilter> filters(2);
  filters[0].name = "none";
  // Dates are uniform over 90 days: posted within 63 days keeps ~70%.
  filters[1].name = "posted<=63d";
  filters[1].filter.posted_within_days = 63;
  filters[1].filter.now_unix = kNow;
  return filters;
}

// Adds new postings one batch at a time while another thread keeps querying: the cost of an
// insertion and what it does to query latency (writers lock the graph per posting).
void MeasureIncrementalAdds(const Flags& flags, index::testing::SyntheticOptions synth,
                            const std::vector<std::vector<float>>& queries, VectorIndex* index) {
  synth.count = 2000;
  synth.seed += 1000;
  std::vector<IndexRow> extra = index::testing::MakeSyntheticRows(synth);
  for (IndexRow& row : extra) row.posting_id += 1'000'000'000;
  std::atomic<bool> done{false};
  std::vector<double> latencies;
  double add_seconds = 0;
  {
    std::jthread reader([&] {
      for (size_t i = 0; !done.load(); ++i) {
        Stopwatch watch;
        auto result = index->Search(queries[i % queries.size()], flags.k, {});
        latencies.push_back(watch.Seconds() * 1e3);
      }
    });
    Stopwatch watch;
    for (size_t i = 0; i < extra.size(); i += 100) {
      if (absl::Status st = index->Add(std::span(extra).subspan(i, 100), kModel); !st.ok()) {
        std::fprintf(stderr, "add failed: %s\n", st.ToString().c_str());
        std::exit(1);
      }
    }
    add_seconds = watch.Seconds();
    done = true;
  }
  std::printf(
      "incremental adds: %zu postings in %.2f s (%.3f ms each, 1 writer thread); "
      "%zu concurrent queries meanwhile: p50 %.3f ms, p99 %.3f ms\n",
      extra.size(), add_seconds, add_seconds * 1e3 / extra.size(), latencies.size(),
      Percentile(latencies, 50), Percentile(latencies, 99));
}

void RunSize(const Flags& flags, size_t size) {
  index::testing::SyntheticOptions synth;
  synth.count = size;
  synth.dim = flags.dim;
  synth.clusters = flags.clusters;
  synth.spread = flags.spread;
  synth.now_unix = kNow;
  Stopwatch gen;
  const std::vector<IndexRow> rows = index::testing::MakeSyntheticRows(synth);
  const auto queries = index::testing::MakeSyntheticQueries(synth, flags.queries, 4242);
  std::printf("\n== %zu postings, dim %d, %d clusters (generated in %.1f s)\n", size, flags.dim,
              flags.clusters, gen.Seconds());

  // The snapshot of a previous run with --keep-snapshot (same size and parameters) saves
  // the build; its load time and memory are reported instead.
  const std::string snapshot_dir = flags.scratch + "/" + std::to_string(size);
  const IndexOptions options = OptionsFor(flags, flags.ef_search[0]);
  const size_t rss_before = ResidentBytes();
  Stopwatch build_watch;
  auto built = VectorIndex::LoadSnapshot(snapshot_dir, kModel, flags.dim, options);
  const bool reused = built.ok();
  if (!reused) built = VectorIndex::Build(rows, kModel, flags.dim, options);
  const double build_seconds = build_watch.Seconds();
  const size_t rss_after = ResidentBytes();
  if (!built.ok()) {
    std::fprintf(stderr, "build failed: %s\n", built.status().ToString().c_str());
    std::exit(1);
  }
  std::unique_ptr<VectorIndex> index = std::move(*built);
  const index::IndexStats stats = index->Stats();
  const double raw = static_cast<double>(size) * flags.dim * sizeof(float);
  const double computed = (stats.graph_bytes + stats.attribute_bytes - raw) / size;
  const double measured = (static_cast<double>(rss_after) - rss_before - raw) / size;
  std::printf("%s: %.1f s with %d threads (M=%zu, ef_construction=%zu)\n",
              reused ? "snapshot load (no build)" : "build", build_seconds, flags.build_threads,
              flags.m, flags.ef_construction);
  std::printf(
      "memory beyond raw vectors: %.0f B/posting computed (hnswlib %.0f + attributes "
      "%.0f, capacity %zu), %.0f B/posting measured (RSS growth during %s)\n",
      computed, (stats.graph_bytes - raw) / size, static_cast<double>(stats.attribute_bytes) / size,
      stats.capacity, measured, reused ? "load" : "build");

  const BruteForce brute(rows, flags.dim);
  if (!reused) {
    Stopwatch save_watch;
    if (absl::Status st = index->SaveSnapshot(snapshot_dir); !st.ok()) {
      std::fprintf(stderr, "snapshot failed: %s\n", st.ToString().c_str());
      std::exit(1);
    }
    std::printf("snapshot save: %.1f s\n", save_watch.Seconds());
  }

  std::printf("%-12s %5s %6s %9s %9s %9s %9s %8s %9s %8s  %s\n", "filter", "ef", "recall", "p50 1t",
              "p99 1t", "p50 2t", "p99 2t", "qps 2t", "brute p50", "speedup", "strategies");
  for (const NamedFilter& nf : flags.sweep_only ? std::vector<NamedFilter>{} : StandardFilters()) {
    std::vector<std::vector<int64_t>> truth;
    std::vector<double> brute_ms;
    for (const auto& q : queries) {
      Stopwatch watch;
      truth.push_back(brute.TopK(q, flags.k, nf.filter));
      brute_ms.push_back(watch.Seconds() * 1e3);
    }
    const double brute_p50 = Percentile(brute_ms, 50);
    for (size_t ef : flags.ef_search) {
      std::unique_ptr<VectorIndex> variant;
      const VectorIndex* target = index.get();
      if (ef != index->options().ef_search) {
        Stopwatch load_watch;
        auto loaded =
            VectorIndex::LoadSnapshot(snapshot_dir, kModel, flags.dim, OptionsFor(flags, ef));
        if (!loaded.ok()) {
          std::fprintf(stderr, "load failed: %s\n", loaded.status().ToString().c_str());
          std::exit(1);
        }
        variant = std::move(*loaded);
        target = variant.get();
      }
      const Measurement m = Measure(*target, queries, truth, flags.k, nf.filter);
      std::printf(
          "%-12s %5zu %6.4f %7.3fms %7.3fms %7.3fms %7.3fms %7.3fms %8.0f %7.2fms %7.0fx  %s "
          "(selectivity %.2f)\n",
          nf.name.c_str(), ef, m.recall, m.p50_1t, m.p99_1t, m.p50_2t, m.p99_2t, m.cpu_p99_2t,
          m.qps_2t, brute_p50, brute_p50 / m.p50_1t, m.strategies.c_str(),
          brute.Selectivity(nf.filter));
    }
  }

  if (!flags.sweep_only) MeasureIncrementalAdds(flags, synth, queries, index.get());

  if (flags.selectivity_sweep) {
    // Forced graph: attribute checks priced out of reach, no visit budget. Forced exact: the
    // exact scan (ExactSearch runs the same scan Search falls back to).
    std::printf("\nselectivity sweep (posted within N days), k=%zu ef=%zu:\n", flags.k,
                flags.ef_search[0]);
    std::printf("%5s %8s | %-36s | %-28s | %-28s\n", "days", "select.",
                "forced graph: recall p50 p99 visits", "exact scan: p50 p99",
                "auto: recall p50 p99");
    IndexOptions graph = OptionsFor(flags, flags.ef_search[0]);
    graph.exact_scan_check_cost = 1e9;
    graph.visit_budget_factor = 1e12;
    auto forced_graph = VectorIndex::LoadSnapshot(snapshot_dir, kModel, flags.dim, graph);
    if (!forced_graph.ok()) std::exit(1);
    for (int days : {1, 2, 3, 5, 9, 18, 36}) {
      SearchFilter filter;
      filter.posted_within_days = days;
      filter.now_unix = kNow;
      std::vector<std::vector<int64_t>> truth;
      for (const auto& q : queries) truth.push_back(brute.TopK(q, flags.k, filter));
      const auto one_thread = [&](const VectorIndex& idx, bool exact) {
        std::vector<double> lat;
        double recall = 0, visited = 0;
        for (size_t i = 0; i < queries.size(); ++i) {
          Stopwatch watch;
          auto result = exact ? idx.ExactSearch(queries[i], flags.k, filter)
                              : idx.Search(queries[i], flags.k, filter);
          lat.push_back(watch.Seconds() * 1e3);
          recall += Recall(result->hits, truth[i]);
          visited += result->visited;
        }
        char buffer[80];
        const double p50 = Percentile(lat, 50), p99 = Percentile(lat, 99);
        if (exact) {
          std::snprintf(buffer, sizeof(buffer), "%7.3fms %7.3fms", p50, p99);
        } else {
          std::snprintf(buffer, sizeof(buffer), "%6.4f %7.3fms %7.3fms %7.0f",
                        recall / queries.size(), p50, p99, visited / queries.size());
        }
        return std::string(buffer);
      };
      std::printf("%5d %8.4f | %-36s | %-28s | %-28s\n", days, brute.Selectivity(filter),
                  one_thread(**forced_graph, false).c_str(), one_thread(*index, true).c_str(),
                  one_thread(*index, false).c_str());
    }
  }
  if (!flags.keep_snapshot) std::filesystem::remove_all(snapshot_dir);
}

}  // namespace
}  // namespace jobrec::bench

int main(int argc, char** argv) {
  jobrec::bench::Flags flags;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up when piped to a file
  CLI::App app{"ANN index benchmark: latency and recall against brute force"};
  app.add_option("--sizes", flags.sizes, "index sizes")->delimiter(',');
  app.add_option("--dim", flags.dim);
  app.add_option("--clusters", flags.clusters);
  app.add_option("--spread", flags.spread);
  app.add_option("--queries", flags.queries);
  app.add_option("--k", flags.k);
  app.add_option("--m", flags.m);
  app.add_option("--ef-construction", flags.ef_construction);
  app.add_option("--ef-search", flags.ef_search)->delimiter(',');
  app.add_option("--build-threads", flags.build_threads);
  app.add_flag("--selectivity-sweep", flags.selectivity_sweep);
  app.add_flag("--sweep-only", flags.sweep_only, "skip the latency/recall table");
  app.add_option("--scratch", flags.scratch, "directory for temporary snapshots");
  app.add_flag("--keep-snapshot", flags.keep_snapshot,
               "keep the snapshot in --scratch; a later run with the same size loads it");
  CLI11_PARSE(app, argc, argv);
  // Index logs (index_built, snapshots) would interleave with the table.
  jobrec::log::Init(jobrec::log::Format::kText, jobrec::log::Level::kWarn);
  std::printf("index_bench: %s\n", jobrec::bench::MachineLoad().c_str());
  for (size_t size : flags.sizes) jobrec::bench::RunSize(flags, size);
  std::printf("\nindex_bench done: %s\n", jobrec::bench::MachineLoad().c_str());
  return 0;
}
