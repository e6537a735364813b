// The ANN index over posting vectors of one model version: cosine top-k with filters
// (excluded ids, work mode, locations, salary, recency), incremental adds and removals, and
// snapshots on disk.
//
// Search strategy (measurements in bench/README.md):
//   - no attribute filter: HNSW search with ef = max(ef_search, k); excluded ids are rejected
//     during the graph walk (which still passes through them), so k results come back.
//   - with a filter, its selectivity is estimated from a fixed sample of 512 slots, and the
//     cheaper of two plans is taken (IndexOptions::exact_scan_check_cost): an exact scan (one
//     pass over the compact attributes, then one distance per matching posting) or a filtered
//     HNSW search (walks through rejected nodes, collects accepted ones) with a visit budget.
//     If the graph search runs out of budget or returns fewer than k, the query falls back to
//     the exact scan. So a filtered query returns min(k, matching postings) results.
//
// Concurrency: readers hold a std::shared_ptr<const VectorIndex> (see IndexHolder) and call
// the const methods concurrently. Add and Remove (writers, through IndexHolder) run on the same
// object while readers search: they take an exclusive lock on the graph per posting
// (hnswlib's own locks make concurrent adds safe, not adds concurrent with searches), so a
// query waits at most for one insertion (about a millisecond at 1M postings) and a batch of
// adds interleaves with queries. Vectors of different model versions are never mixed: Add
// rejects another version; for a new model the caller builds a new index (Build uses all its
// threads without locking, since nothing reads the index yet) and swaps it in with
// IndexHolder.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "jobrec/common/status.h"
#include "jobrec/index/attribute_store.h"
#include "jobrec/index/hnsw_graph.h"
#include "jobrec/index/index_options.h"
#include "jobrec/index/posting_filter.h"
#include "jobrec/index/writer_priority_mutex.h"

namespace jobrec::index {

struct IndexRow {
  int64_t posting_id = 0;
  std::vector<float> vector;  // any non-zero length; the index normalises it
  PostingAttributes attributes;
};

struct SearchHit {
  int64_t posting_id;
  float score;  // cosine similarity
};

enum class SearchStrategy { kGraph, kFilteredGraph, kExactScan, kFilteredGraphThenExact };
const char* SearchStrategyName(SearchStrategy strategy);

struct SearchResult {
  std::vector<SearchHit> hits;  // best first
  SearchStrategy strategy = SearchStrategy::kGraph;
  size_t visited = 0;  // nodes whose distance the graph search computed
  double estimated_selectivity = 1.0;
};

struct IndexStats {
  std::string model_version;
  int dim = 0;
  size_t live = 0;     // searchable postings
  size_t deleted = 0;  // removed postings still occupying a slot
  size_t capacity = 0;
  size_t graph_bytes = 0;      // hnswlib's allocation (includes the vectors)
  size_t attribute_bytes = 0;  // our per-slot attributes
};

class VectorIndex {
 public:
  // Builds an index over `rows` with options.build_threads threads.
  // Errors: InvalidArgument for a vector of the wrong dimension, a zero or non-finite vector,
  // a duplicate posting id, or bad options; ResourceExhausted when memory runs out.
  static absl::StatusOr<std::unique_ptr<VectorIndex>> Build(std::span<const IndexRow> rows,
                                                            const std::string& model_version,
                                                            int dim, const IndexOptions& options);

  // Inserts or replaces postings. Errors: FailedPrecondition when `model_version` is not this
  // index's; InvalidArgument as in Build (nothing is added then); ResourceExhausted.
  absl::Status Add(std::span<const IndexRow> rows, const std::string& model_version);
  // Removes postings; unknown or already removed ids are ignored. Returns how many were removed.
  size_t Remove(std::span<const int64_t> posting_ids);

  // Top-k by cosine similarity among postings that pass `filter`.
  // Errors: InvalidArgument when the query has the wrong dimension, is zero or not finite, or
  // k is 0 or above options.max_k.
  absl::StatusOr<SearchResult> Search(std::span<const float> query, size_t k,
                                      const SearchFilter& filter) const;
  // Exact top-k over every matching posting, ignoring the graph: the baseline for recall.
  absl::StatusOr<SearchResult> ExactSearch(std::span<const float> query, size_t k,
                                           const SearchFilter& filter) const;

  bool Contains(int64_t posting_id) const;
  // The unit vector the index holds for a live posting (what Search compares against);
  // nullopt when the posting is unknown or removed.
  std::optional<std::vector<float>> UnitVectorOf(int64_t posting_id) const;
  IndexStats Stats() const;
  const std::string& model_version() const { return model_version_; }
  int dim() const { return dim_; }
  const IndexOptions& options() const { return options_; }

  // Writes a snapshot into `dir` (see index_snapshot.h). Searches continue meanwhile; adds
  // wait. Errors: Unavailable for I/O failures.
  absl::Status SaveSnapshot(const std::string& dir) const;
  // Loads a snapshot for `model_version` and `dim`.
  // Errors: NotFound when there is none; FailedPrecondition when it belongs to another model
  // version or dimension (stale: rebuild); DataLoss when it is corrupt (rebuild).
  static absl::StatusOr<std::unique_ptr<VectorIndex>> LoadSnapshot(const std::string& dir,
                                                                   const std::string& model_version,
                                                                   int dim,
                                                                   const IndexOptions& options);

 private:
  VectorIndex(std::string model_version, int dim, IndexOptions options,
              std::unique_ptr<HnswGraph> graph, AttributeStore attributes);

  struct PreparedRow {
    const IndexRow* row;
    std::vector<float> unit;
    CompactAttributes attributes;
  };
  // Validates and normalises; interns attribute strings (needs the exclusive lock).
  absl::StatusOr<std::vector<PreparedRow>> Prepare(std::span<const IndexRow> rows);
  absl::Status InsertLocked(const PreparedRow& row);
  absl::StatusOr<std::vector<float>> UnitQuery(std::span<const float> query, size_t k) const;
  double EstimateSelectivity(const CompiledFilter& filter) const;
  // Live slots of the postings in filter.exclude_ids.
  absl::flat_hash_set<uint32_t> ExcludedSlots(const SearchFilter& filter) const;
  // Exact top k among postings passing `filter` and not excluded.
  std::vector<Neighbor> ExactScan(const float* query, size_t k, const CompiledFilter& filter,
                                  const absl::flat_hash_set<uint32_t>& excluded) const;
  std::vector<SearchHit> ToHits(const std::vector<Neighbor>& neighbors) const;

  const std::string model_version_;
  const int dim_;
  const IndexOptions options_;
  mutable WriterPriorityMutex mu_;  // shared: search, save, stats; exclusive: add, remove
  mutable std::mutex save_mu_;
  std::unique_ptr<HnswGraph> graph_;
  AttributeStore attributes_;
  std::atomic<size_t> live_{0};
};

}  // namespace jobrec::index
