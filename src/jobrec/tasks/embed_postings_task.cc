#include "jobrec/tasks/embed_postings_task.h"

#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/rank/embed_postings.h"
#include "jobrec/store/posting_vector_repo.h"

namespace jobrec::tasks {
namespace {

// The embedder of the last model version a handler used: a batch of tasks for the same
// version loads the model once.
class EmbedderCache {
 public:
  explicit EmbedderCache(std::string models_dir) : models_dir_(std::move(models_dir)) {}

  absl::StatusOr<std::shared_ptr<const embed::SentenceEmbedder>> Get(store::Database& db,
                                                                     const std::string& version) {
    std::lock_guard lock(mu_);
    if (embedder_ && version_ == version) return embedder_;
    auto loaded = embed::LoadModelVersion(absl::StrCat(models_dir_, "/", version));
    if (absl::IsNotFound(loaded.status())) {
      return absl::InvalidArgumentError(
          absl::StrCat("model version ", version, " is not under ", models_dir_));
    }
    if (!loaded.ok()) return loaded.status();
    JOBREC_ASSIGN_OR_RETURN(std::shared_ptr<const embed::SentenceEmbedder> embedder,
                            embed::SentenceEmbedder::Create(loaded->model));
    JOBREC_RETURN_IF_ERROR(store::PostingVectorRepo(db).RegisterModelVersion(
        version, embedder->Dimension(), embed::ModelInfoToJson(loaded->info)));
    embedder_ = std::move(embedder);
    version_ = version;
    return embedder_;
  }

 private:
  const std::string models_dir_;
  std::mutex mu_;
  std::string version_;
  std::shared_ptr<const embed::SentenceEmbedder> embedder_;
};

}  // namespace

absl::Status RegisterEmbedTaskHandlers(TaskHandlerRegistry& registry, store::Database& db,
                                       const std::string& models_dir) {
  auto cache = std::make_shared<EmbedderCache>(models_dir);
  return registry.Register(
      rank::kEmbedPostingsTaskKind,
      [&db, cache](const TaskContext& context, const nlohmann::json& payload) -> absl::Status {
        auto it = payload.is_object() ? payload.find("model_version") : payload.end();
        if (it == payload.end() || !it->is_string() || it->get<std::string>().empty() ||
            it->get<std::string>().find('/') != std::string::npos) {
          return absl::InvalidArgumentError(
              "payload must be {\"model_version\": \"<version id>\"}");
        }
        const std::string version = it->get<std::string>();
        JOBREC_ASSIGN_OR_RETURN(auto embedder, cache->Get(db, version));
        JOBREC_ASSIGN_OR_RETURN(
            int64_t embedded,
            rank::EmbedPendingPostings(
                db, *embedder, version,
                {.stop_requested = [&context] { return context.stop_requested(); }}));
        log::Info("embed_postings_done", {{"model_version", version}, {"embedded", embedded}});
        return absl::OkStatus();
      });
}

}  // namespace jobrec::tasks
