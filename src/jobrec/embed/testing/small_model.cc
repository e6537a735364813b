#include "jobrec/embed/testing/small_model.h"

#include <random>
#include <vector>

#include "jobrec/embed/training_corpus.h"

namespace jobrec::embed::testing {
namespace {

const std::vector<std::string>& Words() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> w = {
        "senior",  "junior", "software", "engineer",   "developer", "nurse",       "teacher",
        "driver",  "c++",    "c#",       "python",     "node.js",   "ci/cd",       "kubernetes",
        "sql",     "excel",  "sales",    "manager",    "warehouse", "forklift",    "patient",
        "care",    "school", "students", "truck",      "delivery",  "team",        "experience",
        "years",   "remote", "hybrid",   "onsite",     "salary",    "développeur", "straße",
        "münchen", "zürich", "москва",   "エンジニア", "ci",        "cd"};
    // A long tail of rarer made-up words so the vocabulary has a realistic cut-off.
    for (int i = 0; i < 400; ++i) w.push_back("term" + std::to_string(i));
    return w;
  }();
  return words;
}

}  // namespace

absl::Status WriteSyntheticCorpus(const std::string& path, int lines, uint32_t seed) {
  JOBREC_ASSIGN_OR_RETURN(auto writer, TrainingCorpusWriter::Create(path));
  std::mt19937 rng(seed);
  const std::vector<std::string>& words = Words();
  // Zipf-like: frequent words early in the list.
  std::vector<double> weights;
  for (size_t i = 0; i < words.size(); ++i) weights.push_back(1.0 / (1.0 + i));
  std::discrete_distribution<size_t> zipf(weights.begin(), weights.end());
  std::uniform_int_distribution<int> length(3, 30);
  for (int i = 0; i < lines; ++i) {
    std::string line;
    for (int n = length(rng); n > 0; --n) {
      if (!line.empty()) line += ' ';
      line += words[zipf(rng)];
    }
    writer->Add(line);
  }
  return writer->Finish();
}

absl::StatusOr<std::unique_ptr<FastTextModel>> TrainSmallModel(const std::string& scratch_dir) {
  const std::string corpus = scratch_dir + "/small_corpus.txt";
  JOBREC_RETURN_IF_ERROR(WriteSyntheticCorpus(corpus, 3000));
  TrainOptions options;
  options.dim = 16;
  options.epoch = 1;
  options.bucket = 20000;
  options.min_count = 2;
  options.threads = 1;
  return FastTextModel::Train(corpus, options);
}

}  // namespace jobrec::embed::testing
