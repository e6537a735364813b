#include "jobrec/tasks/scoring_run_task.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "jobrec/common/log.h"
#include "jobrec/index/posting_filter.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/engine_loader.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/llm_inputs.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/review_repo.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/scoring_run_repo.h"
#include "jobrec/tasks/llm_run_hooks.h"

namespace jobrec::tasks {
namespace {

using Clock = std::chrono::steady_clock;

// The fast retrieval engines, built on first use and rebuilt after `ttl` (postings come and
// go; a worker process lives long).
class Retrieval {
 public:
  Retrieval(store::Database& db, const ScoringRunTaskOptions& options) : db_(db), options_(options) {}

  // The ids of the `k` best visible postings for the user's `profile` not in `excluded` (the
  // postings the user reviewed), best first: the fastText recommendations the API shows
  // (rank/learned_profile.h: the learned part and accepted rules applied), else BM25.
  absl::StatusOr<std::vector<int64_t>> Candidates(int64_t user_id, const profile::Profile& profile, size_t k,
                                                  const std::unordered_set<int64_t>& excluded) {
    Refresh();
    std::shared_ptr<const rank::FastTextEngine> fasttext;
    std::shared_ptr<const rank::Bm25Index> bm25;
    {
      std::lock_guard lock(mu_);
      fasttext = fasttext_;
      bm25 = bm25_;
    }
    std::vector<int64_t> ids;
    const size_t wanted = k + excluded.size();
    if (fasttext) {
      index::SearchFilter filter;
      filter.remote_modes = index::AcceptedModes(rank::RemotePreferenceOf(profile.remote));
      auto hits = rank::RecommendForUser(db_, *fasttext, user_id, profile, filter, wanted,
                                         options_.ideal_postings_weight);
      if (hits.ok()) {
        for (const auto& hit : *hits) ids.push_back(hit.posting_id);
      } else if (!absl::IsFailedPrecondition(hits.status())) {
        return hits.status();
      }
    }
    if (ids.empty()) {  // no fastText model yet, or no word of the profile known to it
      if (!bm25) {
        JOBREC_ASSIGN_OR_RETURN(bm25, rank::BuildVisibleBm25Index(db_));
        // Not kept while empty: at first start the demo corpus loads while runs may start.
        std::lock_guard lock(mu_);
        if (bm25->size() > 0) bm25_ = bm25;
      }
      for (const auto& hit : bm25->Search(rank::ProfileKeywordQuery(profile), wanted)) ids.push_back(hit.id);
    }
    std::vector<int64_t> out;
    for (int64_t id : ids) {
      if (out.size() == k) break;
      if (!excluded.contains(id)) out.push_back(id);
    }
    return out;
  }

 private:
  void Refresh() {
    std::lock_guard lock(mu_);
    if (!built_at_ || Clock::now() - *built_at_ >= options_.engine_ttl) {
      bm25_.reset();
      fasttext_.reset();
      built_at_ = Clock::now();
    }
    // Looked for again on every run while there is none: the server trains the first model
    // within minutes of a fresh install.
    if (!fasttext_ && !options_.models_dir.empty()) {
      auto engine = rank::LoadNewestFastTextEngine(db_, options_.models_dir, options_.embedder, options_.index);
      if (engine.ok()) {
        fasttext_ = *std::move(engine);
      } else if (!absl::IsNotFound(engine.status())) {
        log::Warn("scoring_run_fasttext_unavailable", {{"error", engine.status().ToString()}});
      }
    }
  }

  store::Database& db_;
  const ScoringRunTaskOptions& options_;
  std::mutex mu_;
  std::optional<Clock::time_point> built_at_;
  std::shared_ptr<const rank::FastTextEngine> fasttext_;
  std::shared_ptr<const rank::Bm25Index> bm25_;  // built when first needed
};

absl::StatusOr<int64_t> RunIdOf(const nlohmann::json& payload) {
  if (!payload.is_object() || !payload.contains("run_id") || !payload["run_id"].is_number_integer() ||
      payload["run_id"].get<int64_t>() < 1) {
    return absl::InvalidArgumentError("llm.scoring_run: payload must be {\"run_id\": <positive integer>}");
  }
  return payload["run_id"].get<int64_t>();
}

// Sets `cancelled` when the run's state says cancelled, polling until stopped.
class CancelWatcher {
 public:
  CancelWatcher(store::Database& db, int64_t run_id, std::chrono::milliseconds every,
                std::atomic<bool>& cancelled)
      : thread_([&db, run_id, every, &cancelled](std::stop_token stop) {
          std::mutex m;
          std::condition_variable_any cv;
          std::unique_lock lock(m);
          while (!stop.stop_requested() && !cancelled.load()) {
            cv.wait_for(lock, stop, every, [] { return false; });
            if (stop.stop_requested()) return;
            absl::StatusOr<std::string> state = store::ScoringRunRepo(db).State(run_id);
            if (state.ok() && *state == "cancelled") cancelled.store(true);
          }
        }) {}

 private:
  std::jthread thread_;
};

class ScoringRun {
 public:
  ScoringRun(store::Database& db, const llm::LlmRuntime& runtime, const ScoringRunTaskOptions& options,
             Retrieval& retrieval, const TaskContext& context)
      : db_(db), runtime_(runtime), options_(options), retrieval_(retrieval), context_(context) {}

  absl::Status Run(int64_t run_id) {
    store::ScoringRunRepo runs(db_);
    JOBREC_ASSIGN_OR_RETURN(auto loaded, runs.LoadForTask(run_id));
    if (!loaded) return absl::InvalidArgumentError(absl::StrCat("llm.scoring_run: no run ", run_id));
    const store::ScoringRunRecord& run = loaded->first;
    if (store::IsFinalRunState(run.state)) return absl::OkStatus();  // cancelled before it started
    absl::StatusOr<profile::Profile> profile = profile::ProfileFromJson(loaded->second);
    if (!profile.ok()) {
      return runs.Finish(run_id, "failed", absl::StrCat("the profile does not parse: ", profile.status().message()))
          .status();
    }

    store::LlmScoreRepo scores(db_);
    JOBREC_ASSIGN_OR_RETURN(std::vector<int64_t> reviewed, store::ReviewRepo(db_).ReviewedPostingIds(run.user_id));
    JOBREC_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                            retrieval_.Candidates(run.user_id, *profile, static_cast<size_t>(run.requested_limit),
                                                  {reviewed.begin(), reviewed.end()}));
    JOBREC_ASSIGN_OR_RETURN(std::vector<store::StoredPosting> postings,
                            store::PostingReader(db_).GetVisible(run.user_id, ids));
    JOBREC_ASSIGN_OR_RETURN(std::vector<store::ReviewExampleRow> reviews,
                            scores.RecentReviews(run.user_id, options_.calibration_reviews));

    auto profile_input = std::make_shared<const llm::ProfileInput>(rank::LlmProfileInput(*profile));
    auto ratings = std::make_shared<std::vector<llm::RatingExample>>();
    for (const auto& review : reviews) ratings->push_back(rank::LlmRatingExample(review));
    std::vector<llm::ScoringRequest> requests;
    std::map<std::string, std::vector<int64_t>> postings_by_fingerprint;
    for (const auto& posting : postings) {
      llm::ScoringRequest request{.profile = profile_input,
                                  .posting = rank::LlmPostingInput(posting),
                                  .ratings = ratings};
      JOBREC_ASSIGN_OR_RETURN(llm::ScoringPrompt prompt, runtime_.scorer->BuildPrompt(request));
      postings_by_fingerprint[prompt.cache_key].push_back(posting.id);
      requests.push_back(std::move(request));
    }

    JOBREC_ASSIGN_OR_RETURN(bool started, runs.Start(run_id, static_cast<int>(requests.size())));
    if (!started) return absl::OkStatus();  // cancelled meanwhile

    std::atomic<bool> cancelled{false};
    std::stop_callback on_shutdown(context_.stop_token(), [&cancelled] { cancelled.store(true); });
    PgDailyBudget budget(db_, run.user_id, options_.daily_budget_usd);
    PgScoreCache cache(db_,
                       {.user_id = run.user_id,
                        .profile_version = run.profile_version,
                        .model = runtime_.client->Model(),
                        .prompt_version = runtime_.scorer->PromptVersion(),
                        .run_id = run_id},
                       std::move(postings_by_fingerprint));
    absl::Status record_error;
    int finished = 0;
    llm::BatchHooks hooks{
        .budget = &budget,
        .cache = &cache,
        .on_item =
            [&](size_t index, const llm::ItemResult& item) {
              if (item.state == llm::ItemState::kBudgetExhausted || item.state == llm::ItemState::kCancelled) {
                return;  // not done: nothing to record
              }
              const int64_t posting_id = postings[index].id;
              if (item.state == llm::ItemState::kFailed) RecordFailure(run, posting_id, item);
              auto state = store::ScoringRunRepo(db_).RecordItem(
                  run_id, run.user_id,
                  {.scored = item.state == llm::ItemState::kScored,
                   .failed = item.state == llm::ItemState::kFailed,
                   .tokens_in = item.usage.input_tokens,
                   .tokens_out = item.usage.output_tokens,
                   .cost = item.cost_usd,
                   .calls = item.calls});
              if (!state.ok()) {
                if (record_error.ok()) record_error = state.status();
              } else if (*state == "cancelled") {
                cancelled.store(true);
              }
              ++finished;
              context_.ReportProgress(static_cast<double>(finished) / static_cast<double>(requests.size()),
                                      absl::StrCat(finished, " of ", requests.size(), " postings"));
            },
        .cancelled = &cancelled};
    llm::BatchResult batch;
    {
      CancelWatcher watcher(db_, run_id, options_.cancel_poll, cancelled);
      batch = runtime_.executor->Run(requests, hooks);
    }
    log::Info("scoring_run_batch", {{"run_id", run_id},
                                    {"candidates", requests.size()},
                                    {"scored", batch.scored},
                                    {"from_cache", batch.from_cache},
                                    {"failed", batch.failed},
                                    {"budget_exhausted", batch.budget_exhausted},
                                    {"cancelled", batch.cancelled},
                                    {"cost_usd", batch.cost_usd}});
    JOBREC_RETURN_IF_ERROR(record_error);
    if (context_.stop_requested()) {
      // Shutting down, or the lease went to another worker: that run (or the next) finishes
      // the work from the cache; this one must not end the run.
      JOBREC_ASSIGN_OR_RETURN(std::string state, runs.State(run_id));
      if (state != "cancelled") {
        return absl::CancelledError(context_.lease_lost() ? "llm.scoring_run: the lease was lost"
                                                          : "llm.scoring_run: the worker is shutting down");
      }
    }
    if (batch.budget_exhausted > 0) {
      JOBREC_RETURN_IF_ERROR(budget.status());
      return runs
          .Finish(run_id, "budget_exhausted",
                  absl::StrFormat("the daily LLM budget of %.2f USD per user is spent (llm.daily_budget_per_user)",
                                  options_.daily_budget_usd))
          .status();
    }
    return runs.Finish(run_id, "done", "").status();
  }

 private:
  void RecordFailure(const store::ScoringRunRecord& run, int64_t posting_id, const llm::ItemResult& item) {
    const store::LlmScoreKey key{.user_id = run.user_id,
                                 .posting_id = posting_id,
                                 .profile_version = run.profile_version,
                                 .model = runtime_.client->Model(),
                                 .prompt_version = runtime_.scorer->PromptVersion()};
    const std::string reason = item.reason.empty() ? "failed without a reason" : item.reason;
    absl::Status st = store::LlmScoreRepo(db_).Upsert(
        key, {.failure = reason},
        {.prompt_fingerprint = item.cache_key,
         .tokens_in = item.usage.input_tokens,
         .tokens_out = item.usage.output_tokens,
         .cost = item.cost_usd,
         .run_id = run.id});
    if (!st.ok()) log::Error("llm_failure_not_stored", {{"posting_id", posting_id}, {"error", st.ToString()}});
  }

  store::Database& db_;
  const llm::LlmRuntime& runtime_;
  const ScoringRunTaskOptions& options_;
  Retrieval& retrieval_;
  const TaskContext& context_;
};

}  // namespace

absl::Status RegisterScoringRunTask(TaskHandlerRegistry& registry, store::Database& db,
                                    absl::StatusOr<llm::LlmRuntime> runtime, ScoringRunTaskOptions options) {
  auto shared_runtime = std::make_shared<const absl::StatusOr<llm::LlmRuntime>>(std::move(runtime));
  auto shared_options = std::make_shared<const ScoringRunTaskOptions>(std::move(options));
  auto retrieval = std::make_shared<Retrieval>(db, *shared_options);
  return registry.Register(
      store::kScoringRunTaskKind,
      [&db, shared_runtime, shared_options, retrieval](const TaskContext& context,
                                                       const nlohmann::json& payload) -> absl::Status {
        JOBREC_ASSIGN_OR_RETURN(const int64_t run_id, RunIdOf(payload));
        log::ScopedLogContext log_context("run_id", std::to_string(run_id));
        if (!shared_runtime->ok()) {
          return store::ScoringRunRepo(db)
              .Finish(run_id, "failed", std::string(shared_runtime->status().message()))
              .status();
        }
        return ScoringRun(db, **shared_runtime, *shared_options, *retrieval, context).Run(run_id);
      });
}

}  // namespace jobrec::tasks
