// Test helper: a small fastText model trained in a second on a synthetic job-text corpus, so
// unit tests exercise the real fastText without the demo corpus.
#pragma once

#include <memory>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/embed/fasttext_model.h"

namespace jobrec::embed::testing {

// Writes `lines` lines of preprocessed synthetic job text (a few hundred distinct words,
// accented and non-ASCII ones included) to `path`. Deterministic for a given seed.
absl::Status WriteSyntheticCorpus(const std::string& path, int lines, uint32_t seed = 1);

// Trains dim 16, epoch 1, bucket 20000, min_count 2, one thread on a synthetic corpus
// written into `scratch_dir`.
absl::StatusOr<std::unique_ptr<FastTextModel>> TrainSmallModel(const std::string& scratch_dir);

}  // namespace jobrec::embed::testing
