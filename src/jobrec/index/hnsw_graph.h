// The hnswlib adapter: an HNSW graph over unit vectors with inner-product distance (= cosine),
// keyed by 64-bit labels (posting ids). This header and hnsw_graph.cc are the only places that
// know about hnswlib; its exceptions become Statuses here.
//
// Debian's hnswlib 0.6.2 has no filtered search and keeps `ef` as a shared member, so the
// layer-0 search is implemented here over hnswlib's public graph structures: per-query ef, a
// predicate checked on every node the search reaches (the search walks through rejected nodes
// but only collects accepted ones, as hnswlib 0.7's filter does), and a visit budget so a
// very selective predicate cannot turn one query into a walk over the whole graph.
//
// Thread-safety: Search, ScoreSlots and the accessors may run concurrently with each other.
// Add may run concurrently with Add (hnswlib locks per node) but not with anything else;
// MarkDeleted, Reserve and Save need exclusive access. VectorIndex provides the locking.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "jobrec/common/status.h"

namespace jobrec::index {

struct GraphParams {
  int dim = 100;
  size_t m = 16;  // links per node (2*m on layer 0)
  size_t ef_construction = 200;
  size_t seed = 100;
};

struct Neighbor {
  float score;    // inner product with the query (cosine for unit vectors)
  uint32_t slot;  // the graph's internal id
};

struct GraphSearchStats {
  size_t visited = 0;             // nodes whose distance was computed
  bool budget_exhausted = false;  // stopped early: the result may miss neighbours
};

using SlotPredicate = absl::FunctionRef<bool(uint32_t slot)>;

class HnswGraph {
 public:
  // Errors: InvalidArgument for dim < 1 or m < 2; ResourceExhausted when memory runs out.
  static absl::StatusOr<std::unique_ptr<HnswGraph>> Create(const GraphParams& params,
                                                           size_t capacity);
  // Loads a graph written by Save with room for at least `min_capacity` elements.
  // Errors: NotFound; DataLoss when hnswlib rejects the file or its dimension is not `dim`.
  static absl::StatusOr<std::unique_ptr<HnswGraph>> Load(const std::string& path, int dim,
                                                         size_t min_capacity);
  ~HnswGraph();
  HnswGraph(const HnswGraph&) = delete;
  HnswGraph& operator=(const HnswGraph&) = delete;

  // Errors: Unavailable when the file cannot be written completely.
  absl::Status Save(const std::string& path) const;
  // Grows the capacity (never shrinks). Errors: ResourceExhausted.
  absl::Status Reserve(size_t capacity);

  // Inserts, or replaces the vector of an existing label (undeleting it). Returns the slot.
  // `vector` must have dim floats. Errors: ResourceExhausted when the capacity is reached.
  absl::StatusOr<uint32_t> Add(uint64_t label, const float* vector);
  // Marks the label deleted: it stays in the graph for navigation but is never returned.
  // Returns false when the label is unknown or already deleted.
  bool MarkDeleted(uint64_t label);

  std::optional<uint32_t> SlotOf(uint64_t label) const;
  bool IsDeleted(uint32_t slot) const;
  uint64_t LabelOf(uint32_t slot) const;
  const float* VectorOf(uint32_t slot) const;

  // Up to k best accepted, non-deleted slots, best first. ef (raised to k) bounds the
  // candidate list; the search stops after visiting `visit_budget` nodes.
  std::vector<Neighbor> Search(const float* query, size_t k, size_t ef, size_t visit_budget,
                               GraphSearchStats* stats) const;
  std::vector<Neighbor> Search(const float* query, size_t k, size_t ef, SlotPredicate accept,
                               size_t visit_budget, GraphSearchStats* stats) const;
  // The exact top k among the given slots, skipping deleted ones.
  std::vector<Neighbor> ScoreSlots(const float* query, std::span<const uint32_t> slots,
                                   size_t k) const;
  float Score(const float* query, uint32_t slot) const;

  const GraphParams& params() const { return params_; }
  size_t slots() const;  // elements ever added (including deleted ones)
  size_t capacity() const;
  size_t deleted() const;
  // Bytes hnswlib allocated for this graph, computed from its layout (see the .cc).
  size_t AllocatedBytes() const;

 private:
  struct Impl;
  HnswGraph(GraphParams params, std::unique_ptr<Impl> impl);
  template <typename Accept>
  std::vector<Neighbor> SearchImpl(const float* query, size_t k, size_t ef, Accept accept,
                                   size_t visit_budget, GraphSearchStats* stats) const;

  GraphParams params_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jobrec::index
