#include "jobrec/embed/fasttext_model.h"

#include <fasttext/fasttext.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace jobrec::embed {
namespace {

absl::Status CheckRange(const char* field, double value, double min, double max) {
  if (value < min || value > max) {
    return common::InvalidField(field,
                                absl::StrCat("must be in [", min, ", ", max, "], got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTrainOptions(const TrainOptions& o) {
  JOBREC_RETURN_IF_ERROR(CheckRange("dim", o.dim, 1, 1024));
  JOBREC_RETURN_IF_ERROR(CheckRange("epoch", o.epoch, 1, 1000));
  JOBREC_RETURN_IF_ERROR(CheckRange("min_count", o.min_count, 1, 1e9));
  JOBREC_RETURN_IF_ERROR(CheckRange("minn", o.minn, 0, 20));
  JOBREC_RETURN_IF_ERROR(CheckRange("maxn", o.maxn, 0, 20));
  if (o.maxn > 0 && o.minn > o.maxn) {
    return common::InvalidField("minn", "must not exceed maxn");
  }
  if (o.maxn > 0 && o.minn < 1) return common::InvalidField("minn", "must be >= 1 with subwords");
  JOBREC_RETURN_IF_ERROR(CheckRange("threads", o.threads, 1, 256));
  JOBREC_RETURN_IF_ERROR(CheckRange("bucket", o.bucket, o.maxn > 0 ? 1 : 0, 1e8));
  JOBREC_RETURN_IF_ERROR(CheckRange("lr", o.lr, 1e-6, 10));
  JOBREC_RETURN_IF_ERROR(CheckRange("window", o.window, 1, 100));
  JOBREC_RETURN_IF_ERROR(CheckRange("negatives", o.negatives, 1, 100));
  JOBREC_RETURN_IF_ERROR(CheckRange("sampling_threshold", o.sampling_threshold, 0, 1));
  return absl::OkStatus();
}

const char* ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kSkipgram:
      return "skipgram";
    case ModelKind::kCbow:
      return "cbow";
    case ModelKind::kSupervised:
      return "supervised";
  }
  return "unknown";
}

namespace {

// fastText has no public accessor for the size of a quantised input matrix.
class FastTextWithRows : public fasttext::FastText {
 public:
  int64_t InputRows() const { return input_->size(0); }
};

}  // namespace

struct FastTextModel::Impl {
  // fastText's methods are not const-correct (getSentenceVector, getInputVector), but they
  // only read the model; the adapter's const methods call them through this pointer.
  std::unique_ptr<FastTextWithRows> ft = std::make_unique<FastTextWithRows>();
  std::shared_ptr<const fasttext::Dictionary> dict;
  fasttext::Args args;
  std::shared_ptr<const fasttext::DenseMatrix> dense_input;  // null when quantised
  int64_t input_rows = 0;

  void CacheAccessors() {
    dict = ft->getDictionary();
    args = ft->getArgs();
    if (!ft->isQuant()) dense_input = ft->getInputMatrix();
    input_rows = ft->InputRows();
  }
};

FastTextModel::FastTextModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FastTextModel::~FastTextModel() = default;

absl::StatusOr<std::unique_ptr<FastTextModel>> FastTextModel::Train(const std::string& corpus_path,
                                                                    const TrainOptions& options,
                                                                    std::stop_token stop) {
  JOBREC_RETURN_IF_ERROR(ValidateTrainOptions(options));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(corpus_path, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("training corpus ", corpus_path, " is not a readable file"));
  }
  fasttext::Args args;
  args.input = corpus_path;
  args.model = fasttext::model_name::sg;
  args.loss = fasttext::loss_name::ns;
  args.dim = options.dim;
  args.epoch = options.epoch;
  args.minCount = options.min_count;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.thread = options.threads;
  args.bucket = options.maxn > 0 ? options.bucket : 0;
  args.lr = options.lr;
  args.ws = options.window;
  args.neg = options.negatives;
  args.t = options.sampling_threshold;
  args.seed = options.seed;
  args.verbose = 0;

  auto impl = std::make_unique<Impl>();
  FastTextWithRows* ft = impl->ft.get();
  // fastText calls the callback from every training thread; abort once.
  std::atomic<bool> aborted{false};
  auto callback = [&](float, float, double, double, int64_t) {
    if (stop.stop_requested() && !aborted.exchange(true)) ft->abort();
  };
  try {
    ft->train(args, callback);
  } catch (const fasttext::FastText::AbortError&) {
    return absl::CancelledError("fastText training was stopped");
  } catch (const std::invalid_argument& e) {
    return absl::InvalidArgumentError(absl::StrCat("fastText training: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("fastText training failed: ", e.what()));
  }
  impl->CacheAccessors();
  return std::unique_ptr<FastTextModel>(new FastTextModel(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<FastTextModel>> FastTextModel::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat("fastText model ", path, " does not exist"));
  }
  auto impl = std::make_unique<Impl>();
  try {
    impl->ft->loadModel(path);
    impl->CacheAccessors();
  } catch (const std::exception& e) {
    // fastText reports a wrong magic as invalid_argument; a truncated or corrupt body shows up
    // as bad_alloc, length_error or ios failures.
    return absl::InvalidArgumentError(
        absl::StrCat("cannot load fastText model ", path, ": ", e.what()));
  }
  const int dim = impl->args.dim;
  if (dim <= 0 || impl->dict->nwords() <= 0 ||
      (impl->dense_input != nullptr && impl->dense_input->cols() != dim)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot load fastText model ", path, ": inconsistent header"));
  }
  return std::unique_ptr<FastTextModel>(new FastTextModel(std::move(impl)));
}

absl::Status FastTextModel::Save(const std::string& path) const {
  try {
    impl_->ft->saveModel(path);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot save fastText model: ", e.what()));
  }
  // fastText does not check the stream after writing; a full disk leaves a short file.
  std::ifstream check(path, std::ios::binary | std::ios::ate);
  if (!check || check.tellg() <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot save fastText model to ", path));
  }
  return absl::OkStatus();
}

int FastTextModel::Dimension() const { return impl_->args.dim; }

ModelKind FastTextModel::Kind() const {
  switch (impl_->args.model) {
    case fasttext::model_name::cbow:
      return ModelKind::kCbow;
    case fasttext::model_name::sg:
      return ModelKind::kSkipgram;
    case fasttext::model_name::sup:
      return ModelKind::kSupervised;
  }
  return ModelKind::kSupervised;
}

bool FastTextModel::IsQuantized() const { return impl_->ft->isQuant(); }

TrainOptions FastTextModel::Options() const {
  const fasttext::Args& a = impl_->args;
  TrainOptions o;
  o.dim = a.dim;
  o.epoch = a.epoch;
  o.min_count = a.minCount;
  o.minn = a.minn;
  o.maxn = a.maxn;
  o.threads = a.thread;
  o.bucket = a.bucket;
  o.lr = a.lr;
  o.window = a.ws;
  o.negatives = a.neg;
  o.sampling_threshold = a.t;
  o.seed = a.seed;
  return o;
}

int64_t FastTextModel::TrainingTokens() const { return impl_->dict->ntokens(); }

int32_t FastTextModel::VocabularySize() const { return impl_->dict->nwords(); }

std::string FastTextModel::Word(int32_t id) const { return impl_->dict->getWord(id); }

int32_t FastTextModel::WordId(const std::string& word) const { return impl_->dict->getId(word); }

std::vector<int64_t> FastTextModel::WordCounts() const {
  // Words come before labels in fastText's dictionary, so this is indexed by word id.
  std::vector<int64_t> counts = impl_->dict->getCounts(fasttext::entry_type::word);
  counts.resize(impl_->dict->nwords());
  return counts;
}

SubwordParams FastTextModel::Subwords() const {
  return {impl_->args.minn, impl_->args.maxn, impl_->args.bucket, impl_->dict->nwords()};
}

std::vector<int32_t> FastTextModel::SubwordIds(const std::string& word) const {
  return impl_->dict->getSubwords(word);
}

int64_t FastTextModel::InputRows() const { return impl_->input_rows; }

const float* FastTextModel::DenseInputMatrix() const {
  return impl_->dense_input == nullptr ? nullptr : impl_->dense_input->data();
}

void FastTextModel::AddInputRow(int64_t row, float* acc) const {
  const int dim = impl_->args.dim;
  if (impl_->dense_input != nullptr) {
    const float* r = impl_->dense_input->data() + row * dim;
    for (int i = 0; i < dim; ++i) acc[i] += r[i];
    return;
  }
  fasttext::Vector v(dim);
  impl_->ft->getInputVector(v, static_cast<int32_t>(row));
  for (int i = 0; i < dim; ++i) acc[i] += v[i];
}

std::vector<float> FastTextModel::WordVector(const std::string& word) const {
  fasttext::Vector v(impl_->args.dim);
  impl_->ft->getWordVector(v, word);
  return std::vector<float>(v.data(), v.data() + v.size());
}

std::vector<float> FastTextModel::SentenceVector(const std::string& line) const {
  fasttext::Vector v(impl_->args.dim);
  std::istringstream in(line);
  impl_->ft->getSentenceVector(in, v);
  return std::vector<float>(v.data(), v.data() + v.size());
}

}  // namespace jobrec::embed
