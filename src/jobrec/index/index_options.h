// Options of the ANN index, with their configuration keys (index.*). Defaults were chosen with
// bench/index_bench on 2 cores (bench/README.md): recall@20 >= 0.95 and p99 <= 10 ms at
// 1M postings of dimension 100.
#pragma once

#include <cstddef>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"

namespace jobrec::index {

struct IndexOptions {
  size_t m = 16;                 // graph links per node; memory grows with it
  size_t ef_construction = 200;  // build-time candidate list; recall grows with it
  size_t ef_search = 64;         // query-time candidate list (raised to k)
  int build_threads = 2;
  size_t max_k = 1000;
  // A filtered query estimates both plans in units of one exact-scan distance computation
  // and takes the cheaper:
  //   exact scan:   postings * exact_scan_check_cost + matching postings
  //   graph search: filtered_visit_factor * ef / selectivity
  // At 1M postings a sequential attribute check costs ~0.003 of a distance computation on a
  // posting out of cache, and a filtered graph search visits 1.4-6 nodes per ef / selectivity
  // at ~2.5 times the cost of an exact-scan distance (no prefetching ahead, heap and
  // visited-list work): hence 4. Measured with bench/index_bench --selectivity-sweep
  // (bench/README.md).
  double exact_scan_check_cost = 0.003;
  double filtered_visit_factor = 4.0;
  // A filtered graph search gives up and scans exactly after visiting ef * 2m nodes plus
  // this fraction of the exact scan's estimated cost (a visit costs ~2.5 scan units, so 0.4
  // bounds the waste to about one scan).
  double visit_budget_factor = 0.4;
};

// Slots allocated for an index of `postings`: room for 1/8 more plus 1024 before the first
// (stop-the-world) resize.
size_t CapacityWithHeadroom(size_t postings);

// InvalidArgument naming the key for out-of-range values.
absl::Status ValidateIndexOptions(const IndexOptions& options);

std::vector<common::ConfigKey> IndexConfigKeys();
absl::StatusOr<IndexOptions> IndexOptionsFromConfig(const common::Config& config);

}  // namespace jobrec::index
