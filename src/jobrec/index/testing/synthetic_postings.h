// Test and benchmark helper: synthetic postings that look like real ones to an ANN index —
// unit vectors drawn from a mixture of Gaussian clusters (postings of one occupation sit
// together, clusters differ in size, each varies along a few directions, all share a common
// component), and attributes with realistic skew (mostly on-site, a few big countries,
// salary missing for some, dates over the last 90 days).
#pragma once

#include <cstdint>
#include <vector>

#include "jobrec/index/vector_index.h"

namespace jobrec::index::testing {

struct SyntheticOptions {
  size_t count = 10000;
  int dim = 100;
  int clusters = 300;
  // Typical distance of a posting from its cluster centre (both unit length before the
  // posting is normalised): larger spreads overlap clusters more.
  double spread = 0.6;
  int64_t now_unix = 1796220000;
  uint32_t seed = 42;
};

// Rows with posting ids 1..count.
std::vector<IndexRow> MakeSyntheticRows(const SyntheticOptions& options);

// Query vectors drawn from the same mixture (a profile resembles some postings).
std::vector<std::vector<float>> MakeSyntheticQueries(const SyntheticOptions& options, size_t n,
                                                     uint32_t seed);

}  // namespace jobrec::index::testing
