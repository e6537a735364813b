// The fastText adapter: trains, saves and loads fastText models and exposes what the sentence
// embedder needs (vocabulary, subword ids, input-matrix rows) plus fastText's own
// getSentenceVector as the reference it must match. This header and fasttext_model.cc are the
// only places that know about fastText; every fastText exception becomes a Status here.
//
// Thread-safety: a FastTextModel is immutable after Train/Load returns; all const methods may
// be called concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/subword_hasher.h"

namespace jobrec::embed {

// Training hyper-parameters. Defaults are fastText's own skipgram defaults except `threads`
// (fastText uses 12; we run on small machines).
struct TrainOptions {
  int dim = 100;
  int epoch = 5;
  int min_count = 5;  // words seen fewer times are out of vocabulary
  int minn = 3;       // character n-gram lengths; maxn = 0 disables subwords
  int maxn = 6;
  int threads = 2;
  int bucket = 2000000;  // hash buckets for n-grams: memory is (vocabulary + bucket) x dim floats
  double lr = 0.05;
  int window = 5;
  int negatives = 5;
  double sampling_threshold = 1e-4;
  int seed = 0;
};

// InvalidArgument naming the offending field (common::InvalidField) for out-of-range values.
absl::Status ValidateTrainOptions(const TrainOptions& options);

enum class ModelKind { kSkipgram, kCbow, kSupervised };
const char* ModelKindName(ModelKind kind);

class FastTextModel {
 public:
  // Trains on `corpus_path`, a text file with one PreprocessText line per document. Does not
  // save. A stop request aborts training within a few thousand tokens.
  // Errors: InvalidArgument for bad options, an unreadable file or an empty vocabulary
  // ("try a smaller min_count"); Cancelled when stopped; Internal for other fastText errors.
  static absl::StatusOr<std::unique_ptr<FastTextModel>> Train(const std::string& corpus_path,
                                                              const TrainOptions& options,
                                                              std::stop_token stop = {});
  // Loads a .bin model or a quantised .ftz model.
  // Errors: NotFound when the file does not exist; InvalidArgument when it is not a fastText
  // model (wrong magic, version, truncated or corrupt).
  static absl::StatusOr<std::unique_ptr<FastTextModel>> Load(const std::string& path);

  ~FastTextModel();
  FastTextModel(const FastTextModel&) = delete;
  FastTextModel& operator=(const FastTextModel&) = delete;

  // Writes the model in fastText's own format (.bin, or .ftz content when quantised).
  // Errors: Unavailable when the file cannot be written.
  absl::Status Save(const std::string& path) const;

  int Dimension() const;
  ModelKind Kind() const;
  bool IsQuantized() const;
  // The options the model was trained with, as recorded in the model file.
  TrainOptions Options() const;
  // Number of running tokens in the training corpus, as fastText counted them.
  int64_t TrainingTokens() const;

  // Vocabulary words have ids [0, VocabularySize()); they include fastText's "</s>".
  int32_t VocabularySize() const;
  std::string Word(int32_t id) const;
  // -1 when the word is not in the vocabulary.
  int32_t WordId(const std::string& word) const;
  // How often each vocabulary word occurred in the training corpus (index = word id; "</s>"
  // counts the lines). Weights the sentence embedder's SIF average.
  std::vector<int64_t> WordCounts() const;
  SubwordParams Subwords() const;
  // Input-matrix rows whose average is the word's vector: for a vocabulary word its own row
  // followed by its n-gram buckets; for an out-of-vocabulary word only the n-gram buckets
  // (possibly none).
  std::vector<int32_t> SubwordIds(const std::string& word) const;

  // Number of input-matrix rows (vocabulary + buckets, or fewer for pruned models).
  int64_t InputRows() const;
  // The dense input matrix, InputRows() x Dimension() row-major, or nullptr for a quantised
  // model (use AddInputRow).
  const float* DenseInputMatrix() const;
  // acc[0..Dimension()) += row `row`. `row` must be in [0, InputRows()).
  void AddInputRow(int64_t row, float* acc) const;

  // fastText's getWordVector.
  std::vector<float> WordVector(const std::string& word) const;
  // fastText's getSentenceVector on one line (everything after a '\n' is ignored, as fastText
  // does). For unsupervised models: the mean of the L2-normalised vectors of the
  // whitespace-separated words whose vector is non-zero; no end-of-sentence token is added.
  std::vector<float> SentenceVector(const std::string& line) const;

 private:
  struct Impl;
  explicit FastTextModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jobrec::embed
