#include "jobrec/index/hnsw_graph.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <queue>

#include "absl/strings/str_cat.h"

namespace jobrec::index {
namespace {

using Hnsw = hnswlib::HierarchicalNSW<float>;
using hnswlib::tableint;

// (distance, slot); hnswlib's distance is 1 - inner product.
using DistSlot = std::pair<float, tableint>;
using MaxHeap = std::priority_queue<DistSlot>;
using MinHeap = std::priority_queue<DistSlot, std::vector<DistSlot>, std::greater<DistSlot>>;

std::vector<Neighbor> BestFirst(MaxHeap heap, size_t k) {
  while (heap.size() > k) heap.pop();
  std::vector<Neighbor> out(heap.size());
  for (size_t i = heap.size(); i > 0; --i) {
    out[i - 1] = Neighbor{1.0f - heap.top().first, heap.top().second};
    heap.pop();
  }
  return out;
}

// Returns a visited list to hnswlib's pool when the search ends.
class VisitedLease {
 public:
  explicit VisitedLease(hnswlib::VisitedListPool* pool)
      : pool_(pool), list_(pool->getFreeVisitedList()) {}
  ~VisitedLease() { pool_->releaseVisitedList(list_); }
  VisitedLease(const VisitedLease&) = delete;
  VisitedLease& operator=(const VisitedLease&) = delete;
  bool TestAndSet(tableint id) {
    if (list_->mass[id] == list_->curV) return true;
    list_->mass[id] = list_->curV;
    return false;
  }

 private:
  hnswlib::VisitedListPool* pool_;
  hnswlib::VisitedList* list_;
};

}  // namespace

struct HnswGraph::Impl {
  explicit Impl(int dim) : space(dim) {}
  hnswlib::InnerProductSpace space;  // must outlive `hnsw`
  std::unique_ptr<Hnsw> hnsw;

  float Distance(const float* query, tableint id) const {
    return hnsw->fstdistfunc_(query, hnsw->getDataByInternalId(id), hnsw->dist_func_param_);
  }
};

HnswGraph::HnswGraph(GraphParams params, std::unique_ptr<Impl> impl)
    : params_(params), impl_(std::move(impl)) {}

HnswGraph::~HnswGraph() = default;

absl::StatusOr<std::unique_ptr<HnswGraph>> HnswGraph::Create(const GraphParams& params,
                                                             size_t capacity) {
  if (params.dim < 1) return absl::InvalidArgumentError("dimension must be >= 1");
  if (params.m < 2 || params.m > 1000) return absl::InvalidArgumentError("m must be in [2, 1000]");
  auto impl = std::make_unique<Impl>(params.dim);
  try {
    impl->hnsw = std::make_unique<Hnsw>(&impl->space, std::max<size_t>(capacity, 1), params.m,
                                        params.ef_construction, params.seed);
  } catch (const std::exception& e) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot allocate HNSW graph: ", e.what()));
  }
  return std::unique_ptr<HnswGraph>(new HnswGraph(params, std::move(impl)));
}

absl::StatusOr<std::unique_ptr<HnswGraph>> HnswGraph::Load(const std::string& path, int dim,
                                                           size_t min_capacity) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat("HNSW graph ", path, " does not exist"));
  }
  auto impl = std::make_unique<Impl>(dim);
  // hnswlib's loading constructor leaves members uninitialised that its destructor and
  // loadIndex read; start from the empty constructor with those members zeroed, so a failed
  // load can be destroyed safely.
  auto hnsw = std::make_unique<Hnsw>(&impl->space);
  hnsw->num_deleted_ = 0;
  hnsw->cur_element_count = 0;
  hnsw->data_level0_memory_ = nullptr;
  hnsw->linkLists_ = nullptr;
  hnsw->visited_list_pool_ = nullptr;
  try {
    hnsw->loadIndex(path, &impl->space, min_capacity);
  } catch (const std::exception& e) {
    if (hnsw->element_levels_.size() < hnsw->cur_element_count) hnsw->cur_element_count = 0;
    return absl::DataLossError(absl::StrCat("cannot load HNSW graph ", path, ": ", e.what()));
  }
  if (hnsw->data_size_ != dim * sizeof(float) ||
      hnsw->size_data_per_element_ !=
          hnsw->size_links_level0_ + hnsw->data_size_ + sizeof(hnswlib::labeltype)) {
    return absl::DataLossError(
        absl::StrCat("HNSW graph ", path, " does not hold ", dim, "-dimensional vectors"));
  }
  GraphParams params;
  params.dim = dim;
  params.m = hnsw->M_;
  params.ef_construction = hnsw->ef_construction_;
  impl->hnsw = std::move(hnsw);
  return std::unique_ptr<HnswGraph>(new HnswGraph(params, std::move(impl)));
}

absl::Status HnswGraph::Save(const std::string& path) const {
  try {
    impl_->hnsw->saveIndex(path);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot save HNSW graph: ", e.what()));
  }
  // saveIndex does not check its stream; a short file means the disk filled up.
  const Hnsw& h = *impl_->hnsw;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size < h.cur_element_count * h.size_data_per_element_) {
    return absl::UnavailableError(absl::StrCat("HNSW graph ", path, " was not written completely"));
  }
  return absl::OkStatus();
}

absl::Status HnswGraph::Reserve(size_t capacity) {
  if (capacity <= impl_->hnsw->max_elements_) return absl::OkStatus();
  try {
    impl_->hnsw->resizeIndex(capacity);
  } catch (const std::exception& e) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot grow HNSW graph: ", e.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> HnswGraph::Add(uint64_t label, const float* vector) {
  try {
    return impl_->hnsw->addPoint(vector, label, -1);
  } catch (const std::exception& e) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot add to HNSW graph: ", e.what()));
  }
}

bool HnswGraph::MarkDeleted(uint64_t label) {
  const std::optional<uint32_t> slot = SlotOf(label);
  if (!slot.has_value() || IsDeleted(*slot)) return false;
  impl_->hnsw->markDeletedInternal(*slot);
  return true;
}

std::optional<uint32_t> HnswGraph::SlotOf(uint64_t label) const {
  const auto& lookup = impl_->hnsw->label_lookup_;
  auto it = lookup.find(label);
  if (it == lookup.end()) return std::nullopt;
  return it->second;
}

bool HnswGraph::IsDeleted(uint32_t slot) const { return impl_->hnsw->isMarkedDeleted(slot); }

uint64_t HnswGraph::LabelOf(uint32_t slot) const { return impl_->hnsw->getExternalLabel(slot); }

const float* HnswGraph::VectorOf(uint32_t slot) const {
  return reinterpret_cast<const float*>(impl_->hnsw->getDataByInternalId(slot));
}

float HnswGraph::Score(const float* query, uint32_t slot) const {
  return 1.0f - impl_->Distance(query, slot);
}

size_t HnswGraph::slots() const { return impl_->hnsw->cur_element_count; }
size_t HnswGraph::capacity() const { return impl_->hnsw->max_elements_; }
size_t HnswGraph::deleted() const { return impl_->hnsw->num_deleted_; }

size_t HnswGraph::AllocatedBytes() const {
  const Hnsw& h = *impl_->hnsw;
  // Layer 0: links, vector and label of every element slot, allocated for the capacity.
  size_t bytes = h.max_elements_ * h.size_data_per_element_;
  // Upper layers: one pointer per slot plus a block per element with level > 0.
  bytes += h.max_elements_ * sizeof(void*);
  for (size_t i = 0; i < h.cur_element_count; ++i) {
    if (h.element_levels_[i] > 0) bytes += h.size_links_per_element_ * h.element_levels_[i] + 1;
  }
  bytes += h.element_levels_.capacity() * sizeof(int);
  bytes += h.link_list_locks_.size() * sizeof(std::mutex);
  bytes += h.link_list_update_locks_.size() * sizeof(std::mutex);
  // label -> slot hash map: a bucket pointer per bucket and a node (next, key, value) per entry.
  bytes += h.label_lookup_.bucket_count() * sizeof(void*) +
           h.label_lookup_.size() * (sizeof(void*) + sizeof(hnswlib::labeltype) + 8);
  // One visited list (2 bytes per slot) per concurrently searching thread; count one.
  bytes += h.max_elements_ * sizeof(hnswlib::vl_type);
  return bytes;
}

template <typename Accept>
std::vector<Neighbor> HnswGraph::SearchImpl(const float* query, size_t k, size_t ef, Accept accept,
                                            size_t visit_budget, GraphSearchStats* stats) const {
  const Hnsw& h = *impl_->hnsw;
  GraphSearchStats local;
  GraphSearchStats& st = stats != nullptr ? *stats : local;
  st = {};
  if (h.cur_element_count == 0 || k == 0) return {};
  ef = std::max(ef, k);

  // Greedy descent through the upper layers to the closest entry point for layer 0.
  tableint current = h.enterpoint_node_;
  float current_dist = impl_->Distance(query, current);
  for (int level = h.maxlevel_; level > 0; --level) {
    for (bool changed = true; changed;) {
      changed = false;
      const unsigned int* list = h.get_linklist(current, level);
      const int size = h.getListCount(const_cast<unsigned int*>(list));
      const tableint* links = reinterpret_cast<const tableint*>(list + 1);
      for (int i = 0; i < size; ++i) {
        const float d = impl_->Distance(query, links[i]);
        ++st.visited;
        if (d < current_dist) {
          current_dist = d;
          current = links[i];
          changed = true;
        }
      }
    }
  }

  // Layer 0: best-first search that walks through every node but collects only accepted,
  // non-deleted ones; it ends when the nearest unexpanded candidate is farther than the
  // worst of `ef` collected results.
  const bool has_deletions = h.num_deleted_ > 0;
  const auto collectable = [&](tableint id) {
    return (!has_deletions || !h.isMarkedDeleted(id)) && accept(id);
  };
  VisitedLease visited(h.visited_list_pool_);
  MaxHeap results;
  MinHeap candidates;
  float bound = std::numeric_limits<float>::max();
  visited.TestAndSet(current);
  candidates.emplace(current_dist, current);
  if (collectable(current)) {
    results.emplace(current_dist, current);
    bound = current_dist;
  }
  ++st.visited;
  while (!candidates.empty()) {
    const auto [dist, id] = candidates.top();
    if (dist > bound && results.size() >= ef) break;
    candidates.pop();
    const unsigned int* list = h.get_linklist0(id);
    const int size = h.getListCount(const_cast<unsigned int*>(list));
    const tableint* links = reinterpret_cast<const tableint*>(list + 1);
    for (int i = 0; i < size; ++i) {
      if (i + 1 < size) __builtin_prefetch(h.getDataByInternalId(links[i + 1]));
      const tableint next = links[i];
      if (visited.TestAndSet(next)) continue;
      ++st.visited;
      const float d = impl_->Distance(query, next);
      if (results.size() < ef || d < bound) {
        candidates.emplace(d, next);
        if (collectable(next)) {
          results.emplace(d, next);
          if (results.size() > ef) results.pop();
          bound = results.top().first;
        }
      }
    }
    if (st.visited > visit_budget) {
      st.budget_exhausted = true;
      break;
    }
  }
  return BestFirst(std::move(results), k);
}

std::vector<Neighbor> HnswGraph::Search(const float* query, size_t k, size_t ef,
                                        size_t visit_budget, GraphSearchStats* stats) const {
  return SearchImpl(
      query, k, ef, [](tableint) { return true; }, visit_budget, stats);
}

std::vector<Neighbor> HnswGraph::Search(const float* query, size_t k, size_t ef,
                                        SlotPredicate accept, size_t visit_budget,
                                        GraphSearchStats* stats) const {
  return SearchImpl(query, k, ef, accept, visit_budget, stats);
}

std::vector<Neighbor> HnswGraph::ScoreSlots(const float* query, std::span<const uint32_t> slots,
                                            size_t k) const {
  const Hnsw& h = *impl_->hnsw;
  MaxHeap best;
  if (k == 0) return {};
  // Matching slots are scattered over the layer-0 block, so every one is a cache (and TLB)
  // miss; prefetching a few slots ahead overlaps those misses instead of paying them in turn.
  constexpr size_t kAhead = 8;
  const size_t vector_bytes = h.data_size_;
  const auto prefetch = [&](tableint id) {
    __builtin_prefetch(h.get_linklist0(id));  // the deletion mark
    const char* data = h.getDataByInternalId(id);
    for (size_t offset = 0; offset < vector_bytes; offset += 64) __builtin_prefetch(data + offset);
  };
  for (size_t i = 0; i < std::min(kAhead, slots.size()); ++i) prefetch(slots[i]);
  for (size_t i = 0; i < slots.size(); ++i) {
    if (i + kAhead < slots.size()) prefetch(slots[i + kAhead]);
    const tableint id = slots[i];
    if (h.isMarkedDeleted(id)) continue;
    const float d = impl_->Distance(query, id);
    if (best.size() < k) {
      best.emplace(d, id);
    } else if (d < best.top().first) {
      best.pop();
      best.emplace(d, id);
    }
  }
  return BestFirst(std::move(best), k);
}

}  // namespace jobrec::index
