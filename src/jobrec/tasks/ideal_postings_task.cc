#include "jobrec/tasks/ideal_postings_task.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/llm/budget.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/llm_inputs.h"
#include "jobrec/store/ideal_postings_repo.h"
#include "jobrec/store/scoring_run_repo.h"
#include "jobrec/tasks/llm_run_hooks.h"

namespace jobrec::tasks {
namespace {

struct Target {
  int64_t user_id = 0;
  int profile_version = 0;
};

absl::StatusOr<Target> TargetOf(const nlohmann::json& payload) {
  const auto positive = [&payload](const char* key) {
    return payload.contains(key) && payload[key].is_number_integer() && payload[key].get<int64_t>() >= 1;
  };
  if (!payload.is_object() || !positive("user_id") || !positive("profile_version")) {
    return absl::InvalidArgumentError(
        "llm.ideal_postings: payload must be {\"user_id\": <positive integer>, \"profile_version\": <positive "
        "integer>}");
  }
  return Target{payload["user_id"].get<int64_t>(), payload["profile_version"].get<int>()};
}

absl::Status Generate(store::Database& db, const llm::LlmRuntime& runtime, const IdealPostingsTaskOptions& options,
                      const TaskContext& context, const Target& target) {
  store::IdealPostingsRepo repo(db);
  JOBREC_ASSIGN_OR_RETURN(const bool exists, repo.Exists(target.user_id, target.profile_version));
  if (exists) return absl::OkStatus();
  JOBREC_ASSIGN_OR_RETURN(auto data, repo.ProfileData(target.user_id, target.profile_version));
  if (!data) {
    log::Info("ideal_postings_profile_gone", {{"user_id", target.user_id}});
    return absl::OkStatus();
  }
  absl::StatusOr<profile::Profile> profile = profile::ProfileFromJson(*data);
  if (!profile.ok()) {
    log::Warn("ideal_postings_profile_unparsable", {{"error", profile.status().ToString()}});
    return absl::OkStatus();
  }
  std::atomic<bool> cancelled{false};
  std::stop_callback on_shutdown(context.stop_token(), [&cancelled] { cancelled.store(true); });
  PgDailyBudget budget(db, target.user_id, options.daily_budget_usd);
  absl::StatusOr<llm::IdealPostings> generated = runtime.generator->GenerateIdealPostings(
      rank::LlmProfileInput(*profile), options.count, llm::BudgetAccounting(&budget, runtime.pricing), &cancelled);
  JOBREC_RETURN_IF_ERROR(budget.status());
  if (!generated.ok()) {
    if (absl::IsResourceExhausted(generated.status())) {
      log::Warn("ideal_postings_budget_exhausted", {{"user_id", target.user_id}});
      return absl::OkStatus();
    }
    return generated.status();
  }
  JOBREC_RETURN_IF_ERROR(store::ScoringRunRepo(db).AddUsage(
      target.user_id, generated->info.usage.input_tokens, generated->info.usage.output_tokens,
      generated->info.calls));
  JOBREC_ASSIGN_OR_RETURN(const bool stored,
                          repo.Insert({.user_id = target.user_id,
                                       .profile_version = target.profile_version,
                                       // The configured model, as llm_scores keys scores.
                                       .model = runtime.client->Model(),
                                       .prompt_version = generated->info.prompt_version,
                                       .texts = generated->postings}));
  log::Info("ideal_postings_generated", {{"user_id", target.user_id},
                                         {"profile_version", target.profile_version},
                                         {"postings", generated->postings.size()},
                                         {"stored", stored},
                                         {"cost_usd", generated->info.cost_usd}});
  return absl::OkStatus();
}

}  // namespace

IdealPostingsTaskOptions IdealPostingsTaskOptionsFrom(const llm::LlmOptions& options) {
  return {.count = options.ideal_postings_count, .daily_budget_usd = options.daily_budget_per_user};
}

absl::Status RegisterIdealPostingsTask(TaskHandlerRegistry& registry, store::Database& db,
                                       absl::StatusOr<llm::LlmRuntime> runtime, IdealPostingsTaskOptions options) {
  auto shared_runtime = std::make_shared<const absl::StatusOr<llm::LlmRuntime>>(std::move(runtime));
  return registry.Register(store::kIdealPostingsTaskKind,
                           [&db, shared_runtime, options](const TaskContext& context,
                                                          const nlohmann::json& payload) -> absl::Status {
                             JOBREC_ASSIGN_OR_RETURN(const Target target, TargetOf(payload));
                             if (!shared_runtime->ok()) {
                               return absl::FailedPreconditionError(absl::StrCat(
                                   "llm.ideal_postings: no LLM configured in this process: ",
                                   shared_runtime->status().message()));
                             }
                             return Generate(db, **shared_runtime, options, context, target);
                           });
}

std::function<void(int64_t, int)> IdealPostingsEnqueuer(store::TaskQueue& queue, bool enabled) {
  if (!enabled) return [](int64_t, int) {};
  return [&queue](int64_t user_id, int profile_version) {
    auto enqueued = queue.Enqueue(store::IdealPostingsTask(user_id, profile_version));
    if (!enqueued.ok()) {
      log::Warn("ideal_postings_not_queued", {{"user_id", user_id}, {"error", enqueued.status().ToString()}});
    }
  };
}

}  // namespace jobrec::tasks
