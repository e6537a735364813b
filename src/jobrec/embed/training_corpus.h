// Writes the text file fastText trains on: one PreprocessText line per document, so training
// sees exactly the tokens the embedder will see at inference.
//
// Thread-safety: a writer is used by one thread at a time.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "jobrec/common/status.h"

namespace jobrec::embed {

class TrainingCorpusWriter {
 public:
  // Creates (truncates) `path`. Errors: Unavailable when it cannot be opened for writing.
  static absl::StatusOr<std::unique_ptr<TrainingCorpusWriter>> Create(const std::string& path);

  // Preprocesses `text` and writes it as one line; texts without tokens are skipped.
  void Add(std::string_view text);
  // Flushes and closes. Errors: Unavailable on a write error (disk full).
  absl::Status Finish();

  int64_t lines() const { return lines_; }
  int64_t tokens() const { return tokens_; }

 private:
  TrainingCorpusWriter(std::string path, std::ofstream out)
      : path_(std::move(path)), out_(std::move(out)) {}

  std::string path_;
  std::ofstream out_;
  int64_t lines_ = 0;
  int64_t tokens_ = 0;
};

}  // namespace jobrec::embed
