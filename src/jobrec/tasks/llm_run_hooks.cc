#include "jobrec/tasks/llm_run_hooks.h"

#include "jobrec/common/log.h"
#include "jobrec/store/scoring_run_repo.h"

namespace jobrec::tasks {

PgDailyBudget::PgDailyBudget(store::Database& db, int64_t user_id, double daily_limit_usd)
    : db_(db), user_id_(user_id), limit_usd_(daily_limit_usd) {}

bool PgDailyBudget::TryReserve(double estimated_usd) {
  std::lock_guard lock(mu_);
  if (limit_usd_ > 0) {
    absl::StatusOr<double> spent = store::ScoringRunRepo(db_).SpentToday(user_id_);
    if (!spent.ok()) {
      if (status_.ok()) status_ = spent.status();
      return false;
    }
    if (*spent + held_usd_ + estimated_usd > limit_usd_) return false;
  }
  held_usd_ += estimated_usd;
  return true;
}

void PgDailyBudget::Commit(double reserved_usd, double actual_usd) {
  std::lock_guard lock(mu_);
  held_usd_ -= reserved_usd;
  if (actual_usd <= 0) return;
  if (absl::Status st = store::ScoringRunRepo(db_).AddSpend(user_id_, actual_usd); !st.ok()) {
    log::Error("llm_spend_not_recorded", {{"user_id", user_id_}, {"usd", actual_usd}, {"error", st.ToString()}});
    if (status_.ok()) status_ = st;
  }
}

absl::Status PgDailyBudget::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

PgScoreCache::PgScoreCache(store::Database& db, ScoreCacheScope scope,
                           std::map<std::string, std::vector<int64_t>> postings_by_fingerprint)
    : db_(db), scope_(std::move(scope)), postings_by_fingerprint_(std::move(postings_by_fingerprint)) {}

store::LlmScoreKey PgScoreCache::KeyOf(int64_t posting_id) const {
  return {.user_id = scope_.user_id,
          .posting_id = posting_id,
          .profile_version = scope_.profile_version,
          .model = scope_.model,
          .prompt_version = scope_.prompt_version};
}

std::optional<llm::ScoreResult> PgScoreCache::Lookup(const std::string& cache_key) {
  auto it = postings_by_fingerprint_.find(cache_key);
  if (it == postings_by_fingerprint_.end()) return std::nullopt;
  store::LlmScoreRepo repo(db_);
  for (int64_t posting_id : it->second) {
    absl::StatusOr<std::optional<store::LlmScoreRow>> row = repo.FindScored(KeyOf(posting_id));
    if (!row.ok()) {
      log::Warn("llm_cache_read_failed", {{"posting_id", posting_id}, {"error", row.status().ToString()}});
      return std::nullopt;
    }
    if (*row && (*row)->score) {
      return llm::ScoreResult{.score = *(*row)->score,
                              .justification = (*row)->justification,
                              .matched_skills = (*row)->matched_skills,
                              .missing_skills = (*row)->missing_skills,
                              .dealbreakers = (*row)->dealbreakers};
    }
  }
  return std::nullopt;
}

void PgScoreCache::Store(const std::string& cache_key, const llm::ItemResult& result) {
  auto it = postings_by_fingerprint_.find(cache_key);
  if (it == postings_by_fingerprint_.end() || !result.score) return;
  const store::LlmScoreRow row{.score = result.score->score,
                               .justification = result.score->justification,
                               .matched_skills = result.score->matched_skills,
                               .missing_skills = result.score->missing_skills,
                               .dealbreakers = result.score->dealbreakers};
  const store::LlmScoreProvenance provenance{.prompt_fingerprint = cache_key,
                                             .tokens_in = result.usage.input_tokens,
                                             .tokens_out = result.usage.output_tokens,
                                             .cost = result.cost_usd,
                                             .run_id = scope_.run_id};
  store::LlmScoreRepo repo(db_);
  for (int64_t posting_id : it->second) {
    if (absl::Status st = repo.Upsert(KeyOf(posting_id), row, provenance); !st.ok()) {
      log::Error("llm_score_not_stored", {{"posting_id", posting_id}, {"error", st.ToString()}});
    }
  }
}

}  // namespace jobrec::tasks
