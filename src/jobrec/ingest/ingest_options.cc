#include "jobrec/ingest/ingest_options.h"

namespace jobrec::ingest {

std::vector<common::ConfigKey> IngestConfigKeys() {
  using common::ConfigType;
  return {
      {.name = "ingest.expire_after_missed_syncs",
       .type = ConfigType::kInt,
       .default_value = "3",
       .help = "a posting of a full-sync source (files, Greenhouse, Lever) missing from this many "
               "complete syncs in a row expires",
       .min = 1,
       .max = 1000},
      {.name = "ingest.scheduler_interval",
       .type = ConfigType::kDuration,
       .default_value = "60s",
       .help = "how often `jobrec serve` enqueues due source syncs and expires postings past their date",
       .min = 1,
       .max = 86400},
      {.name = "ingest.load_demo_corpus",
       .type = ConfigType::kBool,
       .default_value = "true",
       .help = "load the demo corpus at `jobrec serve` start when there are no postings yet"},
      {.name = "ingest.demo_corpus_path",
       .type = ConfigType::kString,
       .default_value = "data/demo/postings.jsonl.gz",
       .help = "the demo corpus (JSON Lines, .gz allowed), relative to the working directory"},
  };
}

IngestOptions IngestOptionsFromConfig(const common::Config& config) {
  IngestOptions options;
  options.expire_after_missed_syncs = static_cast<int>(config.GetInt("ingest.expire_after_missed_syncs"));
  options.scheduler_interval = config.GetDuration("ingest.scheduler_interval");
  options.load_demo_corpus = config.GetBool("ingest.load_demo_corpus");
  options.demo_corpus_path = config.GetString("ingest.demo_corpus_path");
  return options;
}

}  // namespace jobrec::ingest
