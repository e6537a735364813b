// The fast sentence embedder: fastText's getSentenceVector for unsupervised models, computed
// from a precomputed matrix of the vocabulary's normalised word vectors instead of averaging
// each word's n-gram rows on every call.
//
// getSentenceVector (fastText 0.9.2, unsupervised) splits the line on whitespace — it adds
// no end-of-sentence token — and for each word takes the word vector (the mean of its
// input-matrix rows: the word's own row if it is in the vocabulary, plus its n-gram buckets),
// skips it if its norm is 0, otherwise divides it by its L2 norm and adds it; the sum is
// divided by the number of words added. Out-of-vocabulary words are computed from their
// n-gram hashes (SubwordHasher) and kept in a bounded cache. Results match fastText within
// float rounding (the parity test asserts max |difference| <= 1e-5 over the demo corpus).
//
// Weighting::kSif is the search embedding the recommendation engine uses (sif_weighting.h):
// the same normalised word vectors, each scaled by its smooth inverse frequency from the
// model's training counts, summed, and the corpus' common component removed. Its common
// component is estimated from the model alone (see Create), so every process that loads a
// model version embeds alike. A model trained on fewer than kSifMinTrainingTokens tokens has
// no reliable frequencies: its kSif is the plain mean. Weighting::kMean is getSentenceVector
// and the default.
//
// Thread-safety: immutable after Create except for the internally synchronised OOV cache;
// every method may be called concurrently.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/sif_weighting.h"
#include "jobrec/embed/vocabulary_table.h"
#include "jobrec/embed/word_vector_cache.h"

namespace jobrec::embed {

struct EmbedderOptions {
  // Out-of-vocabulary words remembered; each costs about dim * 4 + 100 bytes.
  size_t oov_cache_capacity = 100000;
};

enum class Weighting {
  kMean,  // getSentenceVector's plain mean (the parity-tested path)
  kSif,   // SIF-weighted sum minus the common component: what search embeds
};

enum class OutputNorm {
  kAsFastText,  // exactly getSentenceVector's mean (norm <= 1); for kSif the weighted mean
  kUnitLength,  // scaled to L2 norm 1 for cosine similarity by inner product; zero stays zero
};

class SentenceEmbedder {
 public:
  // Precomputes the normalised vectors of the whole vocabulary (O(vocabulary x n-grams x dim)).
  // Errors: InvalidArgument for a supervised model (getSentenceVector means something else
  // there) or a model without a dense input matrix; FailedPrecondition when the model's
  // n-gram ids are not the ones fastText's hashing gives (a pruned dictionary).
  static absl::StatusOr<std::unique_ptr<SentenceEmbedder>> Create(
      std::shared_ptr<const FastTextModel> model, const EmbedderOptions& options = {});

  int Dimension() const { return dim_; }

  // PreprocessText(text), then EmbedLine. Never fails: text without known tokens gives zeros.
  std::vector<float> Embed(std::string_view text, OutputNorm norm = OutputNorm::kUnitLength,
                           Weighting weighting = Weighting::kMean) const;
  // Embeds a line that already went through PreprocessText (tokens separated by spaces) into
  // out[0..Dimension()).
  void EmbedLine(std::string_view line, std::span<float> out,
                 OutputNorm norm = OutputNorm::kUnitLength,
                 Weighting weighting = Weighting::kMean) const;
  // Embed for many texts, row i of the result (size texts.size() x Dimension(), row-major) for
  // texts[i], spread over `threads` threads owned by this call.
  std::vector<float> EmbedBatch(const std::vector<std::string>& texts,
                                OutputNorm norm = OutputNorm::kUnitLength, int threads = 1,
                                Weighting weighting = Weighting::kMean) const;

  // The normalised vector of one word as the sentence average uses it (zeros when fastText's
  // vector of the word is zero). Returns whether the word is in the vocabulary.
  bool WordVector(std::string_view word, std::span<float> out) const;

  // The SIF weight of a word (see kOutOfVocabularyShare for one the vocabulary lacks) and the
  // unit-length common component kSif removes.
  float SifWeightOf(std::string_view word) const;
  std::span<const float> CommonComponent() const { return common_component_; }

  WordVectorCacheStats OovCacheStats() const { return oov_cache_.Stats(); }
  const FastTextModel& model() const { return *model_; }

 private:
  SentenceEmbedder(std::shared_ptr<const FastTextModel> model, std::vector<std::string> words,
                   const EmbedderOptions& options);
  // Normalised mean of the given input rows into out; false when its norm is 0.
  bool NormalisedMeanOfRows(const std::vector<int32_t>& rows, float* out) const;
  // The word's normalised vector (in the table or in `scratch`) or nullptr when it is zero;
  // *id is its vocabulary id or -1.
  const float* NormalisedWord(std::string_view word, float* scratch, int32_t* id) const;
  // The common component of kSif sentences, estimated from the vocabulary (see the .cc).
  std::vector<float> EstimateCommonComponent(const std::vector<int64_t>& counts) const;

  std::shared_ptr<const FastTextModel> model_;
  int dim_;
  SubwordParams subwords_;
  const float* input_;  // the model's dense input matrix
  VocabularyTable vocabulary_;
  std::vector<float> word_vectors_;    // vocabulary x dim, L2-normalised
  std::vector<uint8_t> word_nonzero_;  // 0 where fastText's vector of the word is zero
  std::vector<float> sif_weights_;      // per vocabulary id
  float oov_weight_ = 0;                // kSif weight of out-of-vocabulary words
  std::vector<float> common_component_;  // dim, unit length (or zeros)
  mutable WordVectorCache oov_cache_;
};

}  // namespace jobrec::embed
