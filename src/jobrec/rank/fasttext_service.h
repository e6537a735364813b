// The fastText engine's life in the server: at start a background thread gets a model (the
// newest version under models_dir, or one trained on the stored postings when there is none),
// records it in PostgreSQL, embeds the postings that lack its vectors, builds the index and
// then publishes the engine. Until then Engine() is null and the API answers "engine warming
// up" (503), so `serve` starts at once.
//
// After the warm-up the same thread refreshes every refresh_interval: embeds the postings that
// arrived or changed and rebuilds the index from PostgreSQL (seconds for the demo corpus),
// swapping it in, so expired postings leave and new ones join.
//
// Thread-safety: Engine() and Status() may be called from any thread at any time. The
// destructor stops the warm-up (between steps; fastText training stops within a few thousand
// tokens) and joins it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "jobrec/embed/fasttext_model.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/index/index_options.h"
#include "jobrec/rank/embed_postings.h"
#include "jobrec/rank/fasttext_engine.h"
#include "jobrec/store/database.h"

namespace jobrec::rank {

struct FastTextServiceOptions {
  std::string models_dir;  // <state_dir>/models
  // The first-start model; serve passes the embed.* settings (dim 100, 5 epochs: about
  // 220 CPU-seconds on the demo corpus, under 2 minutes on 2 idle cores). `jobrec eval`
  // trains with the same settings.
  embed::TrainOptions train;
  embed::EmbedderOptions embedder;
  index::IndexOptions index;
  EmbedPostingsOptions embed;
  // How long to wait between looks for postings to train on while there are none yet (the
  // demo corpus loads concurrently at first start).
  std::chrono::milliseconds wait_for_postings{2000};
  std::chrono::milliseconds refresh_interval{std::chrono::minutes(5)};  // 0: never
};

// The engine of a loaded model over the postings in PostgreSQL, as the warm-up makes it once it
// has a model: registers the model version, embeds the visible postings that lack its vectors
// (their count into *embedded when given), then builds the term statistics and the index.
// `jobrec recommend` makes its in-process engine the same way. Errors: Cancelled when `stop`
// is requested; the store's, the embedder's and the index's.
absl::StatusOr<std::shared_ptr<const FastTextEngine>> EngineForModel(
    store::Database& db, const embed::LoadedModel& loaded, const FastTextServiceOptions& options,
    std::stop_token stop = {}, int64_t* embedded = nullptr);

class FastTextService {
 public:
  FastTextService(store::Database& db, FastTextServiceOptions options);
  ~FastTextService();
  FastTextService(const FastTextService&) = delete;
  FastTextService& operator=(const FastTextService&) = delete;

  // Starts the warm-up thread (once; later calls do nothing).
  void Start();
  // Runs the warm-up on the calling thread and publishes the engine. Errors: Cancelled when
  // stopped; the store's, fastText's and the index's otherwise.
  absl::Status WarmUp(std::stop_token stop = {});

  // Embeds pending postings with the engine's model and swaps in a rebuilt index.
  // Errors: FailedPrecondition before the warm-up finished; the store's and the index's.
  absl::Status Refresh(std::stop_token stop = {});

  // Null while warming up or after a failed warm-up.
  std::shared_ptr<const FastTextEngine> Engine() const { return engine_.load(); }
  // "warming up", "ready" or "failed: <reason>".
  std::string Status() const;

 private:
  absl::StatusOr<embed::LoadedModel> LoadOrTrain(std::stop_token stop);
  absl::StatusOr<embed::LoadedModel> Train(std::stop_token stop);

  store::Database& db_;
  const FastTextServiceOptions options_;
  std::atomic<std::shared_ptr<const FastTextEngine>> engine_;
  mutable std::mutex mu_;
  std::string status_ = "warming up";
  std::jthread thread_;
};

}  // namespace jobrec::rank
