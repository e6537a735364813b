#include "jobrec/index/vector_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/index/index_snapshot.h"

namespace jobrec::index {
namespace {

// Slots sampled to estimate a filter's selectivity: enough for +-30% at 2% selectivity, and
// cheap (one cache miss per sample).
constexpr size_t kSelectivitySamples = 512;

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The row's vector divided by its L2 norm. Errors: wrong dimension, non-finite or zero.
absl::Status Normalise(std::span<const float> v, int dim, float* out) {
  if (static_cast<int>(v.size()) != dim) {
    return absl::InvalidArgumentError(
        absl::StrCat("vector has dimension ", v.size(), ", the index has ", dim));
  }
  double sum = 0;
  for (float x : v) {
    if (!std::isfinite(x)) return absl::InvalidArgumentError("vector is not finite");
    sum += static_cast<double>(x) * x;
  }
  if (sum == 0) return absl::InvalidArgumentError("vector is zero");
  const double inv = 1.0 / std::sqrt(sum);
  for (int i = 0; i < dim; ++i) out[i] = static_cast<float>(v[i] * inv);
  return absl::OkStatus();
}

absl::Status ValidateRows(std::span<const IndexRow> rows, int dim) {
  std::vector<float> scratch(dim);
  absl::flat_hash_set<int64_t> ids;
  ids.reserve(rows.size());
  for (const IndexRow& row : rows) {
    if (absl::Status st = Normalise(row.vector, dim, scratch.data()); !st.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("posting ", row.posting_id, ": ", st.message()));
    }
    if (!ids.insert(row.posting_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("posting ", row.posting_id, " appears more than once"));
    }
  }
  return absl::OkStatus();
}

GraphParams ParamsFor(int dim, const IndexOptions& options) {
  GraphParams params;
  params.dim = dim;
  params.m = options.m;
  params.ef_construction = options.ef_construction;
  return params;
}

}  // namespace

const char* SearchStrategyName(SearchStrategy strategy) {
  switch (strategy) {
    case SearchStrategy::kGraph:
      return "graph";
    case SearchStrategy::kFilteredGraph:
      return "filtered_graph";
    case SearchStrategy::kExactScan:
      return "exact_scan";
    case SearchStrategy::kFilteredGraphThenExact:
      return "filtered_graph_then_exact";
  }
  return "unknown";
}

VectorIndex::VectorIndex(std::string model_version, int dim, IndexOptions options,
                         std::unique_ptr<HnswGraph> graph, AttributeStore attributes)
    : model_version_(std::move(model_version)),
      dim_(dim),
      options_(options),
      graph_(std::move(graph)),
      attributes_(std::move(attributes)) {}

absl::StatusOr<std::unique_ptr<VectorIndex>> VectorIndex::Build(std::span<const IndexRow> rows,
                                                                const std::string& model_version,
                                                                int dim,
                                                                const IndexOptions& options) {
  JOBREC_RETURN_IF_ERROR(ValidateIndexOptions(options));
  if (dim < 1) return absl::InvalidArgumentError("dimension must be >= 1");
  JOBREC_RETURN_IF_ERROR(ValidateRows(rows, dim));
  const size_t capacity = CapacityWithHeadroom(rows.size());
  JOBREC_ASSIGN_OR_RETURN(std::unique_ptr<HnswGraph> graph,
                          HnswGraph::Create(ParamsFor(dim, options), capacity));
  AttributeStore attributes;
  attributes.Resize(capacity);
  std::vector<CompactAttributes> encoded;
  encoded.reserve(rows.size());
  for (const IndexRow& row : rows) encoded.push_back(attributes.Encode(row.attributes));

  // Nothing reads the index yet, so the workers add without the index lock; hnswlib's
  // per-node locks make concurrent addPoint safe.
  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  std::mutex error_mu;
  absl::Status error;
  const auto worker = [&] {
    std::vector<float> unit(dim);
    for (size_t i; (i = next.fetch_add(1)) < rows.size();) {
      Normalise(rows[i].vector, dim, unit.data()).IgnoreError();  // validated above
      absl::StatusOr<uint32_t> slot = graph->Add(rows[i].posting_id, unit.data());
      if (!slot.ok()) {
        std::lock_guard lock(error_mu);
        error.Update(slot.status());
        next = rows.size();
        return;
      }
      attributes.Put(*slot, encoded[i]);
    }
  };
  {
    std::vector<std::jthread> pool;
    for (int t = 1; t < options.build_threads; ++t) pool.emplace_back(worker);
    worker();
  }
  JOBREC_RETURN_IF_ERROR(error);
  auto index = std::unique_ptr<VectorIndex>(
      new VectorIndex(model_version, dim, options, std::move(graph), std::move(attributes)));
  index->live_ = rows.size();
  log::Info("index_built",
            {{"model_version", model_version},
             {"postings", rows.size()},
             {"threads", options.build_threads},
             {"seconds",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}});
  return index;
}

absl::Status VectorIndex::Add(std::span<const IndexRow> rows, const std::string& model_version) {
  if (model_version != model_version_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "vectors of model ", model_version, " cannot go into the index of model ", model_version_));
  }
  JOBREC_RETURN_IF_ERROR(ValidateRows(rows, dim_));
  std::vector<float> unit(dim_);
  for (const IndexRow& row : rows) {
    Normalise(row.vector, dim_, unit.data()).IgnoreError();  // validated above
    // One posting per lock hold, so queries interleave with a long batch.
    std::unique_lock lock(mu_);
    if (graph_->slots() == graph_->capacity()) {
      const size_t grown = CapacityWithHeadroom(graph_->capacity());
      JOBREC_RETURN_IF_ERROR(graph_->Reserve(grown));
      attributes_.Resize(grown);
    }
    const std::optional<uint32_t> existing = graph_->SlotOf(row.posting_id);
    const bool was_live = existing.has_value() && !graph_->IsDeleted(*existing);
    const CompactAttributes encoded = attributes_.Encode(row.attributes);
    JOBREC_ASSIGN_OR_RETURN(uint32_t slot, graph_->Add(row.posting_id, unit.data()));
    attributes_.Put(slot, encoded);
    if (!was_live) ++live_;
  }
  return absl::OkStatus();
}

size_t VectorIndex::Remove(std::span<const int64_t> posting_ids) {
  std::unique_lock lock(mu_);
  size_t removed = 0;
  for (int64_t id : posting_ids) {
    if (graph_->MarkDeleted(id)) ++removed;
  }
  live_ -= removed;
  return removed;
}

bool VectorIndex::Contains(int64_t posting_id) const {
  std::shared_lock lock(mu_);
  const std::optional<uint32_t> slot = graph_->SlotOf(posting_id);
  return slot.has_value() && !graph_->IsDeleted(*slot);
}

std::optional<std::vector<float>> VectorIndex::UnitVectorOf(int64_t posting_id) const {
  std::shared_lock lock(mu_);
  const std::optional<uint32_t> slot = graph_->SlotOf(posting_id);
  if (!slot || graph_->IsDeleted(*slot)) return std::nullopt;
  const float* v = graph_->VectorOf(*slot);
  return std::vector<float>(v, v + dim_);
}

absl::StatusOr<std::vector<float>> VectorIndex::UnitQuery(std::span<const float> query,
                                                          size_t k) const {
  if (k == 0 || k > options_.max_k) {
    return absl::InvalidArgumentError(absl::StrCat("k must be in [1, ", options_.max_k, "]"));
  }
  std::vector<float> unit(dim_);
  if (absl::Status st = Normalise(query, dim_, unit.data()); !st.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("query: ", st.message()));
  }
  return unit;
}

double VectorIndex::EstimateSelectivity(const CompiledFilter& filter) const {
  const size_t slots = graph_->slots();
  if (slots == 0) return 0;
  const size_t samples = std::min(slots, kSelectivitySamples);
  size_t matches = 0;
  for (size_t i = 0; i < samples; ++i) {
    const auto slot = static_cast<uint32_t>(i * slots / samples);
    if (filter.Matches(attributes_.Get(slot))) ++matches;
  }
  return static_cast<double>(matches) / samples;
}

std::vector<SearchHit> VectorIndex::ToHits(const std::vector<Neighbor>& neighbors) const {
  std::vector<SearchHit> hits;
  hits.reserve(neighbors.size());
  for (const Neighbor& n : neighbors) {
    hits.push_back({static_cast<int64_t>(graph_->LabelOf(n.slot)), n.score});
  }
  return hits;
}

absl::flat_hash_set<uint32_t> VectorIndex::ExcludedSlots(const SearchFilter& filter) const {
  absl::flat_hash_set<uint32_t> excluded;
  for (int64_t id : filter.exclude_ids) {
    const std::optional<uint32_t> slot = graph_->SlotOf(id);
    if (slot.has_value() && !graph_->IsDeleted(*slot)) excluded.insert(*slot);
  }
  return excluded;
}

std::vector<Neighbor> VectorIndex::ExactScan(const float* query, size_t k,
                                             const CompiledFilter& filter,
                                             const absl::flat_hash_set<uint32_t>& excluded) const {
  // One tight pass over the 24-byte attributes (no call per posting), then distances for the
  // matches only.
  std::vector<uint32_t> matching;
  const auto slots = static_cast<uint32_t>(graph_->slots());
  for (uint32_t slot = 0; slot < slots; ++slot) {
    if (filter.Matches(attributes_.Get(slot))) matching.push_back(slot);
  }
  if (!excluded.empty()) {
    std::erase_if(matching, [&](uint32_t slot) { return excluded.contains(slot); });
  }
  return graph_->ScoreSlots(query, matching, k);
}

absl::StatusOr<SearchResult> VectorIndex::Search(std::span<const float> query, size_t k,
                                                 const SearchFilter& filter) const {
  JOBREC_ASSIGN_OR_RETURN(std::vector<float> q, UnitQuery(query, k));
  std::shared_lock lock(mu_);
  const CompiledFilter compiled = attributes_.Compile(filter, NowUnix());
  const absl::flat_hash_set<uint32_t> excluded = ExcludedSlots(filter);
  const auto accept = [&](uint32_t slot) {
    return compiled.Matches(attributes_.Get(slot)) && !excluded.contains(slot);
  };
  const size_t live = live_.load();
  const size_t unlimited = std::numeric_limits<size_t>::max();
  const size_t ef = std::max(options_.ef_search, k);

  SearchResult result;
  GraphSearchStats stats;
  const auto exact = [&](SearchStrategy strategy) {
    result.strategy = strategy;
    result.hits = ToHits(ExactScan(q.data(), k, compiled, excluded));
    return result;
  };

  if (compiled.IsTrivial()) {
    result.strategy = SearchStrategy::kGraph;
    const std::vector<Neighbor> found =
        excluded.empty() ? graph_->Search(q.data(), k, ef, unlimited, &stats)
                         : graph_->Search(q.data(), k, ef, accept, unlimited, &stats);
    result.visited = stats.visited;
    // Deletions can cut a region of the graph off; the exact scan then finds what is left.
    if (found.size() < std::min(k, live - excluded.size())) {
      return exact(SearchStrategy::kFilteredGraphThenExact);
    }
    result.hits = ToHits(found);
    return result;
  }

  const double selectivity = EstimateSelectivity(compiled);
  result.estimated_selectivity = selectivity;
  const double slots = static_cast<double>(graph_->slots());
  const double exact_cost = slots * options_.exact_scan_check_cost + selectivity * slots;
  const double graph_visits =
      options_.filtered_visit_factor * static_cast<double>(ef) / std::max(selectivity, 1e-9);
  if (exact_cost <= graph_visits) return exact(SearchStrategy::kExactScan);
  // What a graph search that goes wrong (matches far from the query) may waste before it
  // gives up is bounded by a fraction of what the scan costs.
  const double budget = std::min(
      static_cast<double>(ef * 2 * options_.m) + options_.visit_budget_factor * exact_cost, 1e18);
  const std::vector<Neighbor> found =
      graph_->Search(q.data(), k, ef, accept, static_cast<size_t>(budget), &stats);
  result.visited = stats.visited;
  if (stats.budget_exhausted || found.size() < k) {
    return exact(SearchStrategy::kFilteredGraphThenExact);
  }
  result.strategy = SearchStrategy::kFilteredGraph;
  result.hits = ToHits(found);
  return result;
}

absl::StatusOr<SearchResult> VectorIndex::ExactSearch(std::span<const float> query, size_t k,
                                                      const SearchFilter& filter) const {
  JOBREC_ASSIGN_OR_RETURN(std::vector<float> q, UnitQuery(query, k));
  std::shared_lock lock(mu_);
  SearchResult result;
  result.strategy = SearchStrategy::kExactScan;
  result.hits =
      ToHits(ExactScan(q.data(), k, attributes_.Compile(filter, NowUnix()), ExcludedSlots(filter)));
  return result;
}

IndexStats VectorIndex::Stats() const {
  std::shared_lock lock(mu_);
  IndexStats stats;
  stats.model_version = model_version_;
  stats.dim = dim_;
  stats.live = live_.load();
  stats.deleted = graph_->deleted();
  stats.capacity = graph_->capacity();
  stats.graph_bytes = graph_->AllocatedBytes();
  stats.attribute_bytes = attributes_.size() * sizeof(CompactAttributes);
  return stats;
}

absl::Status VectorIndex::SaveSnapshot(const std::string& dir) const {
  // Two concurrent saves would write the same temporary files; adds wait on the shared lock.
  std::lock_guard save_lock(save_mu_);
  std::shared_lock lock(mu_);
  SnapshotHeader header;
  header.model_version = model_version_;
  header.dim = dim_;
  header.live = live_.load();
  header.slots = graph_->slots();
  header.m = graph_->params().m;
  header.ef_construction = graph_->params().ef_construction;
  header.created_at_unix = NowUnix();
  JOBREC_RETURN_IF_ERROR(WriteSnapshot(dir, header, *graph_, attributes_));
  log::Info("index_snapshot_saved",
            {{"dir", dir}, {"model_version", model_version_}, {"postings", header.live}});
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<VectorIndex>> VectorIndex::LoadSnapshot(
    const std::string& dir, const std::string& model_version, int dim,
    const IndexOptions& options) {
  JOBREC_RETURN_IF_ERROR(ValidateIndexOptions(options));
  JOBREC_ASSIGN_OR_RETURN(LoadedSnapshot snapshot, ReadSnapshot(dir, model_version, dim));
  if (snapshot.header.m != options.m ||
      snapshot.header.ef_construction != options.ef_construction) {
    return absl::FailedPreconditionError(absl::StrCat(
        "index snapshot was built with m=", snapshot.header.m,
        " ef_construction=", snapshot.header.ef_construction, ", the options say m=", options.m,
        " ef_construction=", options.ef_construction));
  }
  snapshot.attributes.Resize(snapshot.graph->capacity());
  auto index = std::unique_ptr<VectorIndex>(new VectorIndex(
      model_version, dim, options, std::move(snapshot.graph), std::move(snapshot.attributes)));
  index->live_ = snapshot.header.live;
  log::Info("index_snapshot_loaded",
            {{"dir", dir}, {"model_version", model_version}, {"postings", snapshot.header.live}});
  return index;
}

}  // namespace jobrec::index
