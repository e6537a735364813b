#include "jobrec/tasks/comment_reasons_task.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/feedback/rule_proposals.h"
#include "jobrec/llm/budget.h"
#include "jobrec/store/review_reasons_repo.h"
#include "jobrec/store/scoring_run_repo.h"
#include "jobrec/tasks/llm_run_hooks.h"

namespace jobrec::tasks {
namespace {

absl::StatusOr<int64_t> UserOf(const nlohmann::json& payload) {
  if (!payload.is_object() || !payload.contains("user_id") || !payload["user_id"].is_number_integer() ||
      payload["user_id"].get<int64_t>() < 1) {
    return absl::InvalidArgumentError("feedback.comment_reasons: payload must be {\"user_id\": <positive integer>}");
  }
  return payload["user_id"].get<int64_t>();
}

// Asks for and stores the reasons of one review. OK also when the reply stays malformed (logged).
absl::Status ExtractOne(store::Database& db, const llm::LlmRuntime& runtime, PgDailyBudget& budget,
                        const std::atomic<bool>& cancelled, int64_t user_id, const store::ReviewComment& review) {
  absl::StatusOr<llm::CommentReasons> extracted = runtime.generator->ExtractCommentReasons(
      review.comment, llm::BudgetAccounting(&budget, runtime.pricing), &cancelled);
  JOBREC_RETURN_IF_ERROR(budget.status());
  if (absl::IsInvalidArgument(extracted.status())) {
    log::Warn("comment_reasons_malformed",
              {{"user_id", user_id}, {"posting_id", review.posting_id}, {"error", extracted.status().ToString()}});
    return absl::OkStatus();
  }
  if (!extracted.ok()) return extracted.status();
  JOBREC_RETURN_IF_ERROR(store::ScoringRunRepo(db).AddUsage(user_id, extracted->info.usage.input_tokens,
                                                            extracted->info.usage.output_tokens,
                                                            extracted->info.calls));
  JOBREC_ASSIGN_OR_RETURN(const bool stored,
                          store::ReviewReasonsRepo(db).Store({.user_id = user_id,
                                                              .posting_id = review.posting_id,
                                                              .comment = review.comment,
                                                              .reasons = extracted->reasons,
                                                              .model = runtime.client->Model(),
                                                              .prompt_version = extracted->info.prompt_version}));
  log::Info("comment_reasons_extracted", {{"user_id", user_id},
                                          {"posting_id", review.posting_id},
                                          {"reasons", extracted->reasons.size()},
                                          {"stored", stored},
                                          {"cost_usd", extracted->info.cost_usd}});
  return absl::OkStatus();
}

absl::Status Extract(store::Database& db, const llm::LlmRuntime& runtime, const CommentReasonsTaskOptions& options,
                     const TaskContext& context, int64_t user_id) {
  JOBREC_ASSIGN_OR_RETURN(const auto pending, store::ReviewReasonsRepo(db).Pending(user_id, options.max_reviews));
  if (pending.empty()) return absl::OkStatus();
  std::atomic<bool> cancelled{false};
  std::stop_callback on_shutdown(context.stop_token(), [&cancelled] { cancelled.store(true); });
  PgDailyBudget budget(db, user_id, options.daily_budget_usd);
  for (const store::ReviewComment& review : pending) {
    if (context.stop_requested()) return absl::CancelledError("feedback.comment_reasons: shutting down");
    absl::Status status = ExtractOne(db, runtime, budget, cancelled, user_id, review);
    if (absl::IsResourceExhausted(status)) {
      log::Warn("comment_reasons_budget_exhausted", {{"user_id", user_id}});
      break;
    }
    JOBREC_RETURN_IF_ERROR(status);
  }
  return feedback::RefreshRuleProposals(db, user_id);
}

}  // namespace

CommentReasonsTaskOptions CommentReasonsTaskOptionsFrom(const llm::LlmOptions& options) {
  return {.daily_budget_usd = options.daily_budget_per_user};
}

absl::Status RegisterCommentReasonsTask(TaskHandlerRegistry& registry, store::Database& db,
                                        absl::StatusOr<llm::LlmRuntime> runtime, CommentReasonsTaskOptions options) {
  auto shared_runtime = std::make_shared<const absl::StatusOr<llm::LlmRuntime>>(std::move(runtime));
  return registry.Register(store::kCommentReasonsTaskKind,
                           [&db, shared_runtime, options](const TaskContext& context,
                                                          const nlohmann::json& payload) -> absl::Status {
                             JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, UserOf(payload));
                             if (!shared_runtime->ok()) {
                               return absl::FailedPreconditionError(
                                   absl::StrCat("feedback.comment_reasons: no LLM configured in this process: ",
                                                shared_runtime->status().message()));
                             }
                             return Extract(db, **shared_runtime, options, context, user_id);
                           });
}

std::function<void(int64_t)> CommentReasonsEnqueuer(store::TaskQueue& queue, bool enabled,
                                                    std::function<void(int64_t)> then) {
  return [&queue, enabled, then = std::move(then)](int64_t user_id) {
    if (then) then(user_id);
    if (!enabled) return;
    auto enqueued = queue.Enqueue(store::CommentReasonsTask(user_id));
    if (!enqueued.ok()) {
      log::Warn("comment_reasons_not_queued", {{"user_id", user_id}, {"error", enqueued.status().ToString()}});
    }
  };
}

}  // namespace jobrec::tasks
