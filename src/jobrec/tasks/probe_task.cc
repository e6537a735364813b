#include "jobrec/tasks/probe_task.h"

#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "jobrec/store/worker_repo.h"
#include "jobrec/tasks/process_identity.h"

namespace jobrec::tasks {
namespace {

constexpr int64_t kMaxProbeMs = 600'000;

absl::StatusOr<std::chrono::milliseconds> ProbeDelay(const nlohmann::json& payload) {
  if (!payload.is_object()) return absl::InvalidArgumentError("system.probe payload must be an object");
  for (const auto& [key, value] : payload.items()) {
    if (key != "ms") return absl::InvalidArgumentError(absl::StrCat("system.probe: unknown payload field '", key, "'"));
  }
  if (!payload.contains("ms")) return std::chrono::milliseconds(0);
  const auto& ms = payload["ms"];
  if (!ms.is_number_integer() || ms.get<int64_t>() < 0 || ms.get<int64_t>() > kMaxProbeMs) {
    return absl::InvalidArgumentError(absl::StrCat("system.probe: 'ms' must be an integer from 0 to ", kMaxProbeMs));
  }
  return std::chrono::milliseconds(ms.get<int64_t>());
}

}  // namespace

absl::Status RegisterProbeTask(TaskHandlerRegistry& registry, store::Database& db) {
  return registry.Register(kProbeTaskKind, [&db, worker = ProcessIdentity()](const TaskContext& context,
                                                                             const nlohmann::json& payload) {
    JOBREC_ASSIGN_OR_RETURN(auto delay, ProbeDelay(payload));
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait_for(lock, context.stop_token(), delay, [] { return false; });
    if (context.stop_requested()) {
      return absl::CancelledError("system.probe: interrupted by the worker's shutdown");
    }
    return store::WorkerRepo(db).RecordProbeRun(context.task_id(), context.attempt(), worker);
  });
}

}  // namespace jobrec::tasks
