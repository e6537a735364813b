// Configuration of ingestion (ingest.* keys): expiry, the scheduler, the demo corpus.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "jobrec/common/config.h"

namespace jobrec::ingest {

struct IngestOptions {
  // A posting of a full-sync source missing from this many complete passes in a row expires.
  int expire_after_missed_syncs = 3;
  // How often `jobrec serve` looks for due syncs (and expires postings past their date).
  std::chrono::milliseconds scheduler_interval{60'000};
  bool load_demo_corpus = true;  // at `serve` start, when the postings table is empty
  std::string demo_corpus_path = "data/demo/postings.jsonl.gz";  // relative to the working dir
};

// ingest.expire_after_missed_syncs (3), ingest.scheduler_interval (60s),
// ingest.load_demo_corpus (true), ingest.demo_corpus_path (data/demo/postings.jsonl.gz).
std::vector<common::ConfigKey> IngestConfigKeys();

// Reads the keys above (Config validated their types and ranges).
IngestOptions IngestOptionsFromConfig(const common::Config& config);

}  // namespace jobrec::ingest
