#include "jobrec/embed/embed_options.h"

#include "absl/strings/str_cat.h"

namespace jobrec::embed {
namespace {

common::ConfigKey IntKey(const char* name, int64_t value, const char* help, double min,
                         double max) {
  return {.name = name,
          .type = common::ConfigType::kInt,
          .default_value = absl::StrCat(value),
          .help = help,
          .min = min,
          .max = max};
}

}  // namespace

std::vector<common::ConfigKey> EmbedConfigKeys() {
  const TrainOptions t;
  const EmbedderOptions e;
  return {
      IntKey("embed.dim", t.dim, "fastText vector dimension", 1, 1024),
      IntKey("embed.epoch", t.epoch, "fastText training epochs", 1, 1000),
      IntKey("embed.min_count", t.min_count, "minimal word count to enter the vocabulary", 1, 1e9),
      IntKey("embed.minn", t.minn, "shortest character n-gram", 0, 20),
      IntKey("embed.maxn", t.maxn, "longest character n-gram (0: no subwords)", 0, 20),
      IntKey("embed.threads", t.threads, "fastText training threads", 1, 256),
      IntKey("embed.bucket", t.bucket, "n-gram hash buckets", 0, 1e8),
      {.name = "embed.lr",
       .type = common::ConfigType::kDouble,
       .default_value = absl::StrCat(t.lr),
       .help = "fastText learning rate",
       .min = 1e-6,
       .max = 10},
      IntKey("embed.window", t.window, "fastText context window", 1, 100),
      IntKey("embed.negatives", t.negatives, "negative samples per word", 1, 100),
      IntKey("embed.oov_cache_size", static_cast<int64_t>(e.oov_cache_capacity),
             "out-of-vocabulary word vectors the embedder caches", 0, 1e8),
  };
}

absl::StatusOr<EmbedOptions> EmbedOptionsFromConfig(const common::Config& config) {
  EmbedOptions o;
  o.train.dim = static_cast<int>(config.GetInt("embed.dim"));
  o.train.epoch = static_cast<int>(config.GetInt("embed.epoch"));
  o.train.min_count = static_cast<int>(config.GetInt("embed.min_count"));
  o.train.minn = static_cast<int>(config.GetInt("embed.minn"));
  o.train.maxn = static_cast<int>(config.GetInt("embed.maxn"));
  o.train.threads = static_cast<int>(config.GetInt("embed.threads"));
  o.train.bucket = static_cast<int>(config.GetInt("embed.bucket"));
  o.train.lr = config.GetDouble("embed.lr");
  o.train.window = static_cast<int>(config.GetInt("embed.window"));
  o.train.negatives = static_cast<int>(config.GetInt("embed.negatives"));
  o.embedder.oov_cache_capacity = static_cast<size_t>(config.GetInt("embed.oov_cache_size"));
  if (absl::Status st = ValidateTrainOptions(o.train); !st.ok()) {
    const std::string key = absl::StrCat("embed.", common::FieldOf(st));
    return common::InvalidField(key, absl::StrCat(key, ": ", std::string(st.message())));
  }
  return o;
}

}  // namespace jobrec::embed
