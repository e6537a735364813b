#include "jobrec/tasks/ranker_train_task.h"

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/rank/ranker_training.h"

namespace jobrec::tasks {
namespace {

absl::StatusOr<std::string> VersionOf(const nlohmann::json& payload) {
  const auto it = payload.is_object() ? payload.find("model_version") : payload.end();
  if (it == payload.end() || !it->is_string() || it->get<std::string>().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRankerTrainTaskKind, ": payload must be {\"model_version\": \"<version id>\"}"));
  }
  return it->get<std::string>();
}

absl::Status Train(store::Database& db, const std::string& models_dir, const std::string& version) {
  auto loaded = embed::LoadModelVersion(absl::StrCat(models_dir, "/", version));
  if (absl::IsNotFound(loaded.status())) {
    return absl::InvalidArgumentError(absl::StrCat("model version ", version, " is not under ", models_dir));
  }
  if (!loaded.ok()) return loaded.status();
  JOBREC_ASSIGN_OR_RETURN(const auto embedder, embed::SentenceEmbedder::Create(loaded->model));
  JOBREC_ASSIGN_OR_RETURN(const rank::RankerTrainingResult result,
                          rank::TrainAndStoreRankers(db, *embedder, version));
  log::Info("ranker_trained", {{"model_version", version},
                               {"ratings", result.ratings},
                               {"users", result.users},
                               {"stored", result.stored}});
  return absl::OkStatus();
}

}  // namespace

store::NewTask RankerTrainTask(const std::string& model_version) {
  return {.kind = kRankerTrainTaskKind,
          .payload = {{"model_version", model_version}},
          .dedupe_key = absl::StrCat(kRankerTrainTaskKind, ":", model_version),
          .delay = kRankerTrainDelay};
}

absl::Status RegisterRankerTrainTask(TaskHandlerRegistry& registry, store::Database& db,
                                     const std::string& models_dir) {
  return registry.Register(kRankerTrainTaskKind,
                           [&db, models_dir](const TaskContext&, const nlohmann::json& payload) -> absl::Status {
                             JOBREC_ASSIGN_OR_RETURN(const std::string version, VersionOf(payload));
                             return Train(db, models_dir, version);
                           });
}

std::function<void(int64_t)> RankerTrainEnqueuer(store::TaskQueue& queue,
                                                 std::function<std::string()> model_version) {
  return [&queue, model_version = std::move(model_version)](int64_t user_id) {
    const std::string version = model_version();
    if (version.empty()) return;
    auto enqueued = queue.Enqueue(RankerTrainTask(version));
    if (!enqueued.ok()) {
      log::Warn("ranker_train_not_queued", {{"user_id", user_id}, {"error", enqueued.status().ToString()}});
    }
  };
}

}  // namespace jobrec::tasks
