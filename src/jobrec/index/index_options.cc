#include "jobrec/index/index_options.h"

#include "absl/strings/str_cat.h"

namespace jobrec::index {

size_t CapacityWithHeadroom(size_t postings) { return postings + postings / 8 + 1024; }

absl::Status ValidateIndexOptions(const IndexOptions& o) {
  if (o.m < 2 || o.m > 200) return common::InvalidField("index.m", "index.m must be in [2, 200]");
  if (o.ef_construction < 1 || o.ef_construction > 5000) {
    return common::InvalidField("index.ef_construction",
                                "index.ef_construction must be in [1, 5000]");
  }
  if (o.ef_search < 1 || o.ef_search > 10000) {
    return common::InvalidField("index.ef_search", "index.ef_search must be in [1, 10000]");
  }
  if (o.build_threads < 1 || o.build_threads > 256) {
    return common::InvalidField("index.build_threads", "index.build_threads must be in [1, 256]");
  }
  if (o.max_k < 1) return common::InvalidField("index.max_k", "index.max_k must be >= 1");
  if (!(o.exact_scan_check_cost >= 0)) {
    return common::InvalidField("index.exact_scan_check_cost",
                                "index.exact_scan_check_cost must be >= 0");
  }
  if (!(o.filtered_visit_factor > 0)) {
    return common::InvalidField("index.filtered_visit_factor",
                                "index.filtered_visit_factor must be > 0");
  }
  if (!(o.visit_budget_factor > 0)) {
    return common::InvalidField("index.visit_budget_factor",
                                "index.visit_budget_factor must be > 0");
  }
  return absl::OkStatus();
}

std::vector<common::ConfigKey> IndexConfigKeys() {
  using common::ConfigType;
  const IndexOptions d;
  return {
      {.name = "index.m",
       .type = ConfigType::kInt,
       .default_value = absl::StrCat(d.m),
       .help = "HNSW links per node",
       .min = 2,
       .max = 200},
      {.name = "index.ef_construction",
       .type = ConfigType::kInt,
       .default_value = absl::StrCat(d.ef_construction),
       .help = "HNSW build-time candidate list",
       .min = 1,
       .max = 5000},
      {.name = "index.ef_search",
       .type = ConfigType::kInt,
       .default_value = absl::StrCat(d.ef_search),
       .help = "HNSW query-time candidate list",
       .min = 1,
       .max = 10000},
      {.name = "index.build_threads",
       .type = ConfigType::kInt,
       .default_value = absl::StrCat(d.build_threads),
       .help = "threads building an index",
       .min = 1,
       .max = 256},
      {.name = "index.exact_scan_check_cost",
       .type = ConfigType::kDouble,
       .default_value = absl::StrCat(d.exact_scan_check_cost),
       .help = "cost of one attribute check relative to one exact-scan distance",
       .min = 0,
       .max = 1e9},
      {.name = "index.filtered_visit_factor",
       .type = ConfigType::kDouble,
       .default_value = absl::StrCat(d.filtered_visit_factor),
       .help = "relative cost of a filtered graph search per ef / selectivity",
       .min = 1e-3,
       .max = 1e6},
  };
}

absl::StatusOr<IndexOptions> IndexOptionsFromConfig(const common::Config& config) {
  IndexOptions o;
  o.m = static_cast<size_t>(config.GetInt("index.m"));
  o.ef_construction = static_cast<size_t>(config.GetInt("index.ef_construction"));
  o.ef_search = static_cast<size_t>(config.GetInt("index.ef_search"));
  o.build_threads = static_cast<int>(config.GetInt("index.build_threads"));
  o.exact_scan_check_cost = config.GetDouble("index.exact_scan_check_cost");
  o.filtered_visit_factor = config.GetDouble("index.filtered_visit_factor");
  JOBREC_RETURN_IF_ERROR(ValidateIndexOptions(o));
  return o;
}

}  // namespace jobrec::index
