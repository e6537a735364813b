#include "jobrec/cli/application.h"

#include "jobrec/api/admin_ops_routes.h"
#include "jobrec/api/admin_sources_routes.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/feedback_routes.h"
#include "jobrec/api/jobs_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/api/review_routes.h"
#include "jobrec/api/scoring_run_routes.h"
#include "jobrec/common/log.h"
#include "jobrec/embed/embed_options.h"
#include "jobrec/index/index_options.h"
#include "jobrec/ingest/ingest_options.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/llm_options.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/comment_reasons_task.h"
#include "jobrec/tasks/embed_postings_task.h"
#include "jobrec/tasks/ideal_postings_task.h"
#include "jobrec/tasks/ingest_sync_task.h"
#include "jobrec/tasks/probe_task.h"
#include "jobrec/tasks/ranker_train_task.h"
#include "jobrec/tasks/scoring_run_task.h"

namespace jobrec::cli {
namespace {

absl::StatusOr<tasks::ScoringRunTaskOptions> ScoringRunOptionsFromConfig(const common::Config& config,
                                                                         const llm::LlmOptions& llm_options) {
  JOBREC_ASSIGN_OR_RETURN(rank::FastTextServiceOptions fasttext, FastTextOptionsFromConfig(config));
  return tasks::ScoringRunTaskOptions{
      .models_dir = fasttext.models_dir,
      .embedder = fasttext.embedder,
      .index = fasttext.index,
      .daily_budget_usd = llm_options.daily_budget_per_user,
      // A run proceeds only with an LLM configured (the handler fails it otherwise).
      .ideal_postings_weight = IdealPostingsWeight(llm_options, /*llm_configured=*/true)};
}

}  // namespace

double IdealPostingsWeight(const llm::LlmOptions& options, bool llm_configured) {
  return llm_configured && options.ideal_postings ? options.ideal_postings_weight : 0;
}

std::string ModelsDir(const common::Config& config) { return config.GetString("state_dir") + "/models"; }

absl::StatusOr<rank::FastTextServiceOptions> FastTextOptionsFromConfig(const common::Config& config) {
  JOBREC_ASSIGN_OR_RETURN(embed::EmbedOptions embed, embed::EmbedOptionsFromConfig(config));
  JOBREC_ASSIGN_OR_RETURN(index::IndexOptions index, index::IndexOptionsFromConfig(config));
  rank::FastTextServiceOptions options;
  options.models_dir = ModelsDir(config);
  options.train = embed.train;
  options.embedder = embed.embedder;
  options.index = index;
  return options;
}

absl::Status RegisterTaskHandlers(tasks::TaskHandlerRegistry& registry, store::Database& db,
                                  const common::Config& config) {
  JOBREC_RETURN_IF_ERROR(tasks::RegisterProbeTask(registry, db));
  JOBREC_RETURN_IF_ERROR(tasks::RegisterIngestTaskHandlers(registry, db, ingest::IngestOptionsFromConfig(config)));
  JOBREC_RETURN_IF_ERROR(tasks::RegisterEmbedTaskHandlers(registry, db, ModelsDir(config)));
  // One LLM runtime for every task kind, so that its concurrency bound and per-provider rate
  // limit hold across them.
  const llm::LlmOptions llm_options = llm::LlmOptionsFromConfig(config);
  const absl::StatusOr<llm::LlmRuntime> runtime = llm::NewLlmRuntime(llm_options);
  JOBREC_ASSIGN_OR_RETURN(tasks::ScoringRunTaskOptions scoring, ScoringRunOptionsFromConfig(config, llm_options));
  JOBREC_RETURN_IF_ERROR(
      tasks::RegisterIdealPostingsTask(registry, db, runtime, tasks::IdealPostingsTaskOptionsFrom(llm_options)));
  JOBREC_RETURN_IF_ERROR(tasks::RegisterScoringRunTask(registry, db, runtime, std::move(scoring)));
  JOBREC_RETURN_IF_ERROR(tasks::RegisterRankerTrainTask(registry, db, ModelsDir(config)));
  JOBREC_RETURN_IF_ERROR(
      tasks::RegisterCommentReasonsTask(registry, db, runtime, tasks::CommentReasonsTaskOptionsFrom(llm_options)));
  return absl::OkStatus();
}

absl::StatusOr<AppServices> BuildAppServices(store::Database& db, const common::Config& config) {
  AppServices services;
  services.db = &db;
  services.auth = std::make_unique<auth::AuthService>(db, auth::AuthOptionsFromConfig(config),
                                                      auth::NewMailer(auth::SmtpOptionsFromConfig(config)));
  services.queue = std::make_unique<store::TaskQueue>(db, static_cast<int>(config.GetInt("tasks.max_attempts")));
  JOBREC_ASSIGN_OR_RETURN(rank::FastTextServiceOptions fasttext, FastTextOptionsFromConfig(config));
  services.fasttext = std::make_unique<rank::FastTextService>(db, std::move(fasttext));
  const llm::LlmOptions llm_options = llm::LlmOptionsFromConfig(config);
  services.llm = llm::NewLlmRuntime(llm_options);
  services.llm_candidates = llm_options.candidates;
  services.ideal_postings = services.llm.ok() && llm_options.ideal_postings;
  services.ideal_postings_weight = IdealPostingsWeight(llm_options, services.llm.ok());
  return services;
}

void AddApplicationRoutes(api::Router& router, AppServices& services) {
  api::AddAuthRoutes(router, *services.auth);
  api::AddProfileRoutes(router, *services.db, tasks::IdealPostingsEnqueuer(*services.queue, services.ideal_postings));
  api::AddJobsRoutes(router, *services.db);
  api::AddAdminSourcesRoutes(router, *services.db, *services.queue);
  api::AddAdminOpsRoutes(router, *services.db, *services.queue);
  api::AddReviewRoutes(router, *services.db, tasks::CommentReasonsEnqueuer(*services.queue, services.llm.ok(),
                       tasks::RankerTrainEnqueuer(*services.queue, [fasttext = services.fasttext.get()] {
                         const auto engine = fasttext->Engine();
                         return engine ? engine->model_version() : std::string();
                       })));
  api::AddFeedbackRoutes(router, *services.db, *services.fasttext);
  api::AddScoringRunRoutes(router, {.db = *services.db,
                                    .queue = *services.queue,
                                    .llm_status = services.llm.status(),
                                    .default_limit = services.llm_candidates});
  api::AddRecommendationRoutes(router, {.db = *services.db,
                                        .fasttext = *services.fasttext,
                                        .llm_status = services.llm.status(),
                                        .llm_model = services.llm.ok() ? services.llm->client->Model() : "",
                                        .llm_prompt_version =
                                            services.llm.ok() ? services.llm->scorer->PromptVersion() : "",
                                        .llm_candidates = services.llm_candidates,
                                        .ideal_postings_weight = services.ideal_postings_weight});
}

std::vector<api::MetricsCollector> ApplicationMetrics(store::Database& db) {
  auto pool = [&db](std::vector<api::GaugeSample>& out) {
    store::PoolStats stats = db.Stats();
    out.push_back({"jobrec_db_pool_connections", "database connections by state", {{"state", "in_use"}},
                   static_cast<double>(stats.in_use)});
    out.push_back({"jobrec_db_pool_connections", "", {{"state", "idle"}}, static_cast<double>(stats.idle)});
    out.push_back({"jobrec_db_pool_capacity", "size of the database connection pool", {},
                   static_cast<double>(stats.capacity)});
    out.push_back({"jobrec_db_pool_waits", "checkouts that had to wait for a connection (since start)", {},
                   static_cast<double>(stats.waits)});
  };
  auto queue = [&db](std::vector<api::GaugeSample>& out) {
    store::TaskQueue tasks(db, 5);
    auto stats = tasks.Stats();
    if (!stats.ok()) {
      log::Warn("metrics.queue_stats_failed", {{"error", std::string(stats.status().message())}});
      return;
    }
    for (const auto& depth : stats->depth) {
      out.push_back({"jobrec_tasks", "tasks by kind and state",
                     {{"kind", depth.kind}, {"state", store::TaskStateName(depth.state)}},
                     static_cast<double>(depth.count)});
    }
    for (const auto& [kind, age] : stats->oldest_due_age_seconds) {
      out.push_back({"jobrec_tasks_oldest_queued_seconds", "age of the oldest due queued task",
                     {{"kind", kind}}, age});
    }
  };
  return {pool, queue};
}

}  // namespace jobrec::cli
