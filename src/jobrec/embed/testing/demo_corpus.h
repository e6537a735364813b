// Test and benchmark helper: reads the bundled demo corpus (data/demo/postings.jsonl.gz, gzip
// JSON Lines written by scripts/build_demo_corpus.py) into plain structs. Not for production
// ingestion — that is ingest/'s job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::embed::testing {

struct DemoPosting {
  std::string external_id;
  std::string title;
  std::string description;
  std::string remote;   // "onsite" | "hybrid" | "remote" | ""
  std::string country;  // ISO-2 or ""
  std::string city;
  std::optional<double> salary_max;  // in the posting's currency and period
  int64_t posted_at_unix = 0;
  std::string onet_soc;
};

// $JOBREC_TEST_SOURCE_DIR/data/demo/postings.jsonl.gz, or the path relative to the source tree
// this binary was built from when the variable is unset.
std::string DemoCorpusPath();

// Errors: NotFound when the file is missing; DataLoss for a gzip or JSON error (with the line).
absl::StatusOr<std::vector<DemoPosting>> ReadDemoCorpus(const std::string& path);

}  // namespace jobrec::embed::testing
