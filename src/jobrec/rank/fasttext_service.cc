#include "jobrec/rank/fasttext_service.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/embed/training_corpus.h"
#include "jobrec/rank/engine_loader.h"
#include "jobrec/store/posting_vector_repo.h"

namespace jobrec::rank {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FastTextEngine>> EngineForModel(
    store::Database& db, const embed::LoadedModel& loaded, const FastTextServiceOptions& options,
    std::stop_token stop, int64_t* embedded) {
  const std::string& version = loaded.info.version_id;
  JOBREC_ASSIGN_OR_RETURN(std::shared_ptr<const embed::SentenceEmbedder> embedder,
                          embed::SentenceEmbedder::Create(loaded.model, options.embedder));
  store::PostingVectorRepo repo(db);
  JOBREC_RETURN_IF_ERROR(repo.RegisterModelVersion(version, embedder->Dimension(),
                                                   embed::ModelInfoToJson(loaded.info)));
  EmbedPostingsOptions embed_options = options.embed;
  embed_options.stop_requested = [&stop] { return stop.stop_requested(); };
  JOBREC_ASSIGN_OR_RETURN(int64_t count, EmbedPendingPostings(db, *embedder, version, embed_options));
  if (embedded != nullptr) *embedded = count;
  return BuildFastTextEngine(db, std::move(embedder), version, options.index, stop);
}

FastTextService::FastTextService(store::Database& db, FastTextServiceOptions options)
    : db_(db), options_(std::move(options)) {}

FastTextService::~FastTextService() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void FastTextService::Start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) {
    absl::Status st = WarmUp(stop);
    if (!st.ok()) {
      if (!absl::IsCancelled(st)) log::Error("fasttext_warmup_failed", {{"error", st.ToString()}});
      return;
    }
    if (options_.refresh_interval.count() <= 0) return;
    std::mutex m;
    std::condition_variable_any cv;
    while (true) {
      std::unique_lock lock(m);
      cv.wait_for(lock, stop, options_.refresh_interval, [] { return false; });
      if (stop.stop_requested()) return;
      lock.unlock();
      if (absl::Status refreshed = Refresh(stop); !refreshed.ok() && !absl::IsCancelled(refreshed)) {
        log::Warn("fasttext_refresh_failed", {{"error", refreshed.ToString()}});
      }
    }
  });
}

std::string FastTextService::Status() const {
  std::lock_guard lock(mu_);
  return status_;
}

absl::StatusOr<embed::LoadedModel> FastTextService::Train(std::stop_token stop) {
  std::error_code ec;
  std::filesystem::create_directories(options_.models_dir, ec);
  const std::string corpus_path =
      absl::StrCat(options_.models_dir, "/.training-corpus-", ::getpid(), ".txt");
  std::unique_ptr<embed::TrainingCorpusWriter> writer;
  // The demo corpus may still be loading at first start: wait for postings.
  while (true) {
    JOBREC_ASSIGN_OR_RETURN(writer, embed::TrainingCorpusWriter::Create(corpus_path));
    JOBREC_RETURN_IF_ERROR(ForEachVisibleText(db_, [&](const store::PostingText& text) {
      writer->Add(text.title);
      writer->Add(text.description);
    }));
    JOBREC_RETURN_IF_ERROR(writer->Finish());
    if (writer->lines() > 0) break;
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, stop, options_.wait_for_postings, [] { return false; });
    if (stop.stop_requested()) return absl::CancelledError("stopped");
  }
  const auto start = Clock::now();
  auto model = embed::FastTextModel::Train(corpus_path, options_.train, stop);
  std::filesystem::remove(corpus_path, ec);
  if (!model.ok()) return model.status();
  embed::ModelProvenance provenance{
      .created_at_unix = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count(),
      .training_lines = writer->lines(),
      .training_seconds = SecondsSince(start)};
  JOBREC_ASSIGN_OR_RETURN(embed::ModelInfo info,
                          embed::SaveModelVersion(**model, options_.models_dir, provenance));
  log::Info("fasttext_model_trained", {{"version_id", info.version_id},
                                       {"lines", writer->lines()},
                                       {"seconds", provenance.training_seconds}});
  return embed::LoadedModel{.info = info, .model = std::shared_ptr<const embed::FastTextModel>(
                                                        *std::move(model))};
}

absl::StatusOr<embed::LoadedModel> FastTextService::LoadOrTrain(std::stop_token stop) {
  auto versions = embed::ListModelVersions(options_.models_dir);
  if (versions.ok() && !versions->empty()) {
    return embed::LoadModelVersion(options_.models_dir + "/" + versions->back().version_id);
  }
  if (!versions.ok() && !absl::IsNotFound(versions.status())) return versions.status();
  return Train(stop);
}

absl::Status FastTextService::WarmUp(std::stop_token stop) {
  const auto start = Clock::now();
  absl::Status st = [&]() -> absl::Status {
    JOBREC_ASSIGN_OR_RETURN(embed::LoadedModel loaded, LoadOrTrain(stop));
    int64_t embedded = 0;
    JOBREC_ASSIGN_OR_RETURN(auto engine, EngineForModel(db_, loaded, options_, stop, &embedded));
    const size_t live = engine->index().Current()->Stats().live;
    engine_.store(std::move(engine));
    log::Info("fasttext_engine_ready", {{"model_version", loaded.info.version_id},
                                        {"embedded", embedded},
                                        {"indexed", static_cast<int64_t>(live)},
                                        {"seconds", SecondsSince(start)}});
    return absl::OkStatus();
  }();
  std::lock_guard lock(mu_);
  status_ = st.ok() ? "ready" : absl::StrCat("failed: ", st.message());
  return st;
}

absl::Status FastTextService::Refresh(std::stop_token stop) {
  const std::shared_ptr<const FastTextEngine> engine = Engine();
  if (!engine) return absl::FailedPreconditionError("the engine is still warming up");
  EmbedPostingsOptions embed_options = options_.embed;
  embed_options.stop_requested = [&stop] { return stop.stop_requested(); };
  JOBREC_ASSIGN_OR_RETURN(int64_t embedded, EmbedPendingPostings(db_, engine->embedder(),
                                                                 engine->model_version(),
                                                                 embed_options));
  JOBREC_ASSIGN_OR_RETURN(auto built,
                          BuildPostingIndex(db_, engine->model_version(),
                                            engine->embedder().Dimension(), options_.index));
  const size_t live = built->Stats().live;
  engine->index().Swap(std::move(built));
  log::Info("fasttext_index_refreshed", {{"embedded", embedded}, {"indexed", static_cast<int64_t>(live)}});
  return absl::OkStatus();
}

}  // namespace jobrec::rank
