#include "jobrec/embed/sentence_embedder.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/text_preprocess.h"

namespace jobrec::embed {
namespace {

// How many vocabulary words Create checks against the model's own subword ids.
constexpr int32_t kSubwordSelfCheckWords = 2000;

// Vocabulary words whose spread enters the common-component estimate (see below).
constexpr size_t kCommonComponentSpreadWords = 20000;

// The arithmetic below mirrors fastText's Vector operations (float sums in the same order,
// scale factors computed in double and rounded to float) so results agree to the last bits.
float Norm(const float* v, int dim) {
  float sum = 0;
  for (int i = 0; i < dim; ++i) sum += v[i] * v[i];
  return std::sqrt(sum);
}

void Scale(float* v, int dim, double factor) {
  const auto f = static_cast<float>(factor);
  for (int i = 0; i < dim; ++i) v[i] *= f;
}

void Add(float* acc, const float* v, int dim) {
  for (int i = 0; i < dim; ++i) acc[i] += v[i];
}

void AddScaled(float* acc, const float* v, float weight, int dim) {
  for (int i = 0; i < dim; ++i) acc[i] += weight * v[i];
}

bool IsZero(const float* v, int dim) {
  return std::all_of(v, v + dim, [](float x) { return x == 0; });
}

std::vector<std::string> VocabularyWords(const FastTextModel& model) {
  std::vector<std::string> words(model.VocabularySize());
  for (int32_t i = 0; i < model.VocabularySize(); ++i) words[i] = model.Word(i);
  return words;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SentenceEmbedder>> SentenceEmbedder::Create(
    std::shared_ptr<const FastTextModel> model, const EmbedderOptions& options) {
  if (model == nullptr) return absl::InvalidArgumentError("no model");
  if (model->Kind() == ModelKind::kSupervised) {
    return absl::InvalidArgumentError(
        "the sentence embedder needs an unsupervised (skipgram/cbow) fastText model");
  }
  if (model->DenseInputMatrix() == nullptr) {
    return absl::InvalidArgumentError("the sentence embedder needs a non-quantised model");
  }
  const SubwordParams params = model->Subwords();
  std::vector<int32_t> ours;
  for (int32_t id = 0; id < std::min(model->VocabularySize(), kSubwordSelfCheckWords); ++id) {
    const std::string word = model->Word(id);
    ours.assign(1, id);
    AppendSubwordRows(word, params, &ours);
    if (ours != model->SubwordIds(word)) {
      return absl::FailedPreconditionError(absl::StrCat("the model's n-gram ids for \"", word,
                                                        "\" differ from fastText's hashing; ",
                                                        "pruned dictionaries are not supported"));
    }
  }
  std::vector<std::string> words = VocabularyWords(*model);
  return std::unique_ptr<SentenceEmbedder>(
      new SentenceEmbedder(std::move(model), std::move(words), options));
}

SentenceEmbedder::SentenceEmbedder(std::shared_ptr<const FastTextModel> model,
                                   std::vector<std::string> words, const EmbedderOptions& options)
    : model_(std::move(model)),
      dim_(model_->Dimension()),
      subwords_(model_->Subwords()),
      input_(model_->DenseInputMatrix()),
      vocabulary_(words),
      word_vectors_(words.size() * dim_, 0.0f),
      word_nonzero_(words.size(), 0),
      oov_cache_(options.oov_cache_capacity, dim_) {
  std::vector<int32_t> rows;
  for (size_t id = 0; id < words.size(); ++id) {
    rows.assign(1, static_cast<int32_t>(id));
    AppendSubwordRows(words[id], subwords_, &rows);
    word_nonzero_[id] = NormalisedMeanOfRows(rows, &word_vectors_[id * dim_]);
  }
  const std::vector<int64_t> counts = model_->WordCounts();
  const int64_t total = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  if (total < kSifMinTrainingTokens) {
    sif_weights_.assign(counts.size(), 1.0f);
    oov_weight_ = 1.0f;
    common_component_.assign(dim_, 0.0f);
    return;
  }
  sif_weights_ = SifWeights(counts);
  oov_weight_ = kOutOfVocabularyShare *
                SifWeight(std::max(model_->Options().min_count - 1, 1), total);
  common_component_ = EstimateCommonComponent(counts);
}

// The SIF paper takes the first principal component of the weighted sentence vectors of a
// corpus; we have the model, not the corpus, so we take it from the second moment those
// vectors would have if a line were n independent draws of words with the corpus frequencies
// p(w): E[s s^T] = (1 - 1/n) m m^T + (1/n) sum_w p(w) a(w)^2 v_w v_w^T, where m = sum_w p(w)
// a(w) v_w is the mean weighted word and n the mean words per training line ("</s>" counts
// the lines). For long texts this is the direction of m, for short ones the words' spread
// contributes too. Deterministic per model, so every process embeds alike.
std::vector<float> SentenceEmbedder::EstimateCommonComponent(
    const std::vector<int64_t>& counts) const {
  const int32_t eos = vocabulary_.Find("</s>");
  const int64_t lines = eos >= 0 ? counts[eos] : 0;
  int64_t words = 0;
  for (size_t id = 0; id < counts.size(); ++id) {
    if (static_cast<int32_t>(id) != eos) words += counts[id];
  }
  if (words == 0) return std::vector<float>(dim_, 0.0f);
  const double per_line = lines > 0 ? std::max(1.0, double(words) / lines) : double(words);
  // The spread term weighs a word by p(w) a(w)^2, so past the most frequent words (fastText
  // sorts its vocabulary by count) it adds little but would cost vocabulary x dim^2 for a
  // large pretrained model; the mean takes every word.
  const size_t n = std::min(counts.size(), kCommonComponentSpreadWords);
  std::vector<float> rows(word_vectors_.begin(), word_vectors_.begin() + n * dim_);
  rows.resize((n + 1) * dim_, 0.0f);
  std::vector<float> weights(n + 1, 0.0f);
  float* mean = &rows[n * dim_];
  for (size_t id = 0; id < counts.size(); ++id) {
    if (static_cast<int32_t>(id) == eos || !word_nonzero_[id]) continue;
    const double p = double(counts[id]) / words;
    AddScaled(mean, &word_vectors_[id * dim_], static_cast<float>(p * sif_weights_[id]), dim_);
    if (id < n) {
      weights[id] = static_cast<float>(p * sif_weights_[id] * sif_weights_[id] / per_line);
    }
  }
  weights[n] = static_cast<float>(1.0 - 1.0 / per_line);
  return FirstPrincipalComponent(rows, dim_, weights);
}

float SentenceEmbedder::SifWeightOf(std::string_view word) const {
  const int32_t id = vocabulary_.Find(word);
  return id >= 0 ? sif_weights_[id] : oov_weight_;
}

bool SentenceEmbedder::NormalisedMeanOfRows(const std::vector<int32_t>& rows, float* out) const {
  std::fill(out, out + dim_, 0.0f);
  if (rows.empty()) return false;
  for (int32_t row : rows) Add(out, input_ + static_cast<int64_t>(row) * dim_, dim_);
  Scale(out, dim_, 1.0 / rows.size());
  const float norm = Norm(out, dim_);
  if (!(norm > 0)) {
    std::fill(out, out + dim_, 0.0f);
    return false;
  }
  Scale(out, dim_, 1.0 / norm);
  return true;
}

const float* SentenceEmbedder::NormalisedWord(std::string_view word, float* scratch,
                                              int32_t* id) const {
  *id = vocabulary_.Find(word);
  if (*id >= 0) {
    return word_nonzero_[*id] ? &word_vectors_[static_cast<size_t>(*id) * dim_] : nullptr;
  }
  if (!oov_cache_.Lookup(word, scratch)) {
    thread_local std::vector<int32_t> rows;
    rows.clear();
    AppendSubwordRows(word, subwords_, &rows);
    NormalisedMeanOfRows(rows, scratch);
    oov_cache_.Insert(word, scratch);
  }
  return IsZero(scratch, dim_) ? nullptr : scratch;
}

void SentenceEmbedder::EmbedLine(std::string_view line, std::span<float> out, OutputNorm norm,
                                 Weighting weighting) const {
  float* acc = out.data();
  std::fill(acc, acc + dim_, 0.0f);
  thread_local std::vector<float> scratch;
  scratch.resize(dim_);
  int count = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    int32_t id = -1;
    const float* v =
        end > pos ? NormalisedWord(line.substr(pos, end - pos), scratch.data(), &id) : nullptr;
    if (v != nullptr) {
      // The plain sum stays separate so the parity path does exactly fastText's float adds.
      if (weighting == Weighting::kMean) {
        Add(acc, v, dim_);
      } else {
        AddScaled(acc, v, id >= 0 ? sif_weights_[id] : oov_weight_, dim_);
      }
      ++count;
    }
    pos = end + 1;
  }
  if (count > 0) Scale(acc, dim_, 1.0 / count);
  if (count > 0 && weighting == Weighting::kSif) {
    RemoveComponent(std::span<float>(acc, dim_), common_component_);
  }
  if (norm == OutputNorm::kUnitLength) {
    const float n = Norm(acc, dim_);
    if (n > 0) Scale(acc, dim_, 1.0 / n);
  }
}

std::vector<float> SentenceEmbedder::Embed(std::string_view text, OutputNorm norm,
                                           Weighting weighting) const {
  std::vector<float> out(dim_);
  EmbedLine(PreprocessText(text), out, norm, weighting);
  return out;
}

std::vector<float> SentenceEmbedder::EmbedBatch(const std::vector<std::string>& texts,
                                                OutputNorm norm, int threads,
                                                Weighting weighting) const {
  std::vector<float> out(texts.size() * dim_);
  const auto embed_range = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < texts.size(); i += step) {
      EmbedLine(PreprocessText(texts[i]), std::span<float>(&out[i * dim_], dim_), norm,
                weighting);
    }
  };
  const size_t workers = std::clamp<size_t>(threads, 1, std::max<size_t>(texts.size(), 1));
  std::vector<std::jthread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(embed_range, w, workers);
  embed_range(0, workers);
  pool.clear();  // joins; the workers write into `out` until then
  return out;
}

bool SentenceEmbedder::WordVector(std::string_view word, std::span<float> out) const {
  std::fill(out.begin(), out.end(), 0.0f);
  thread_local std::vector<float> scratch;
  scratch.resize(dim_);
  int32_t id = -1;
  if (const float* v = NormalisedWord(word, scratch.data(), &id)) {
    std::copy(v, v + dim_, out.begin());
  }
  return id >= 0;
}

}  // namespace jobrec::embed
