#include "jobrec/embed/sentence_embedder.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/text_preprocess.h"

namespace jobrec::embed {
namespace {

// How many vocabulary words Create checks against the model's own subword ids.
constexpr int32_t kSubwordSelfCheckWords = 2000;

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

bool SentenceEmbedder::AccumulateWord(std::string_view word, float* acc, float* scratch) const {
  const int32_t id = vocabulary_.Find(word);
  if (id >= 0) {
    if (!word_nonzero_[id]) return false;
    Add(acc, &word_vectors_[static_cast<size_t>(id) * dim_], dim_);
    return true;
  }
  if (!oov_cache_.Lookup(word, scratch)) {
    thread_local std::vector<int32_t> rows;
    rows.clear();
    AppendSubwordRows(word, subwords_, &rows);
    NormalisedMeanOfRows(rows, scratch);
    oov_cache_.Insert(word, scratch);
  }
  if (IsZero(scratch, dim_)) return false;
  Add(acc, scratch, dim_);
  return true;
}

void SentenceEmbedder::EmbedLine(std::string_view line, std::span<float> out,
                                 OutputNorm norm) const {
  float* acc = out.data();
  std::fill(acc, acc + dim_, 0.0f);
  thread_local std::vector<float> scratch;
  scratch.resize(dim_);
  int count = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    if (end > pos && AccumulateWord(line.substr(pos, end - pos), acc, scratch.data())) ++count;
    pos = end + 1;
  }
  if (count > 0) Scale(acc, dim_, 1.0 / count);
  if (norm == OutputNorm::kUnitLength) {
    const float n = Norm(acc, dim_);
    if (n > 0) Scale(acc, dim_, 1.0 / n);
  }
}

std::vector<float> SentenceEmbedder::Embed(std::string_view text, OutputNorm norm) const {
  std::vector<float> out(dim_);
  EmbedLine(PreprocessText(text), out, norm);
  return out;
}

std::vector<float> SentenceEmbedder::EmbedBatch(const std::vector<std::string>& texts,
                                                OutputNorm norm, int threads) const {
  std::vector<float> out(texts.size() * dim_);
  const auto embed_range = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < texts.size(); i += step) {
      EmbedLine(PreprocessText(texts[i]), std::span<float>(&out[i * dim_], dim_), norm);
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
  AccumulateWord(word, out.data(), scratch.data());
  return vocabulary_.Find(word) >= 0;
}

}  // namespace jobrec::embed
