// The fastText service of the integration tests: a 16-dimensional model trained in 5 epochs
// on one thread with few hash buckets (seconds on the test corpora, not minutes), and a short
// wait between looks for postings. Header-only, for tests that link jobrec::rank.
#pragma once

#include <chrono>
#include <string>

#include "jobrec/rank/fasttext_service.h"

namespace jobrec::testing {

inline rank::FastTextServiceOptions SmallFastTextOptions(const std::string& models_dir) {
  rank::FastTextServiceOptions options;
  options.models_dir = models_dir;
  options.train = {.dim = 16, .epoch = 5, .min_count = 1, .threads = 1, .bucket = 20000};
  options.wait_for_postings = std::chrono::milliseconds(10);
  return options;
}

}  // namespace jobrec::testing
