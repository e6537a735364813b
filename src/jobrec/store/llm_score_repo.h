// LLM scores of postings for a user's profile version (sql/migrations/0040_llm.sql), and the
// user's reviews as the scoring-run task needs them (postings to leave out, calibration
// examples).
//
// ForProfile runs as the user (jobrec_api, row-level security, SQL function
// llm_scores_for_profile); the other calls are the scoring-run task's and run as the owner,
// naming the user in every statement. Thread-safe: each call is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

// What a score is cached by: the same question is never asked twice.
struct LlmScoreKey {
  int64_t user_id = 0;
  int64_t posting_id = 0;
  int profile_version = 0;
  std::string model;
  std::string prompt_version;
};

struct LlmScoreRow {
  int64_t posting_id = 0;
  std::optional<int> score;  // nullopt when the scoring failed
  std::string justification;
  std::vector<std::string> matched_skills;
  std::vector<std::string> missing_skills;
  std::vector<std::string> dealbreakers;
  std::string failure;  // why there is no score; empty when scored
};

// What producing a row cost and which prompt and run produced it.
struct LlmScoreProvenance {
  std::string prompt_fingerprint;
  int64_t tokens_in = 0;
  int64_t tokens_out = 0;
  double cost = 0;
  std::optional<int64_t> run_id;
};

// A review of the user's, for the prompt's calibration block.
struct ReviewExampleRow {
  std::string posting_title;
  std::string company;
  int score = 0;  // 0 when the review has no score
  std::string comment;
  bool applied = false;
  bool not_interested = false;
};

class LlmScoreRepo {
 public:
  explicit LlmScoreRepo(Database& db) : db_(db) {}

  // The stored score of `key`; nullopt when there is none or the stored attempt failed.
  absl::StatusOr<std::optional<LlmScoreRow>> FindScored(const LlmScoreKey& key);
  // Inserts or replaces the row of `key` (row.posting_id is ignored: key.posting_id counts).
  // InvalidArgument for a score outside 0..10 or a row with neither a score nor a failure.
  absl::Status Upsert(const LlmScoreKey& key, const LlmScoreRow& row, const LlmScoreProvenance& provenance);
  // The user's rows for a profile version, model and prompt version, best score first,
  // failures last. As the user.
  absl::StatusOr<std::vector<LlmScoreRow>> ForProfile(int64_t user_id, int profile_version,
                                                      const std::string& model,
                                                      const std::string& prompt_version);
  // The newest score of each posting the user has one for under `profile_version`, of any
  // model and prompt version (the learned ranker's feature: rank/ranker_signals.h), by posting
  // id; failed attempts are left out. As the user.
  absl::StatusOr<std::unordered_map<int64_t, int>> LatestScores(int64_t user_id, int profile_version);

  // The user's most recent reviews that have a score or a comment, newest first, at most
  // `limit`. Empty while the reviews table does not exist.
  absl::StatusOr<std::vector<ReviewExampleRow>> RecentReviews(int64_t user_id, int limit);

 private:
  Database& db_;
};

}  // namespace jobrec::store
