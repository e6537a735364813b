// Options of the embed module with their configuration keys (embed.*): fastText training
// hyper-parameters and the embedder's OOV cache. The models themselves live under
// <state_dir>/models (see model_store.h).
#pragma once

#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"
#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/sentence_embedder.h"

namespace jobrec::embed {

struct EmbedOptions {
  TrainOptions train;
  EmbedderOptions embedder;
};

// embed.dim, embed.epoch, embed.min_count, embed.minn, embed.maxn, embed.threads,
// embed.bucket, embed.lr, embed.window, embed.negatives, embed.oov_cache_size; defaults are
// those of TrainOptions and EmbedderOptions.
std::vector<common::ConfigKey> EmbedConfigKeys();
// InvalidArgument naming the key when the combination is invalid (minn > maxn).
absl::StatusOr<EmbedOptions> EmbedOptionsFromConfig(const common::Config& config);

}  // namespace jobrec::embed
