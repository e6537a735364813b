#include "jobrec/embed/training_corpus.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/text_preprocess.h"

namespace jobrec::embed {

absl::StatusOr<std::unique_ptr<TrainingCorpusWriter>> TrainingCorpusWriter::Create(
    const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write training corpus ", path));
  return std::unique_ptr<TrainingCorpusWriter>(new TrainingCorpusWriter(path, std::move(out)));
}

void TrainingCorpusWriter::Add(std::string_view text) {
  const std::string line = PreprocessText(text);
  if (line.empty()) return;
  out_ << line << '\n';
  ++lines_;
  tokens_ += std::count(line.begin(), line.end(), ' ') + 1;
}

absl::Status TrainingCorpusWriter::Finish() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) return absl::UnavailableError(absl::StrCat("write error on ", path_));
  return absl::OkStatus();
}

}  // namespace jobrec::embed
