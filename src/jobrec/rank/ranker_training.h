// The learned ranker on the server (issue #7 point 3): training the global model on every
// user's ratings and each user's model shrunk toward it (feedback/ranker.h), with features
// from the store (ranker_signals.h), storing them (store/ranker_model_repo.h), and picking the
// model that orders a user's recommendations.
//
// Thread-safe: functions of thread-safe arguments. Two concurrent trainings write the same
// kind of result; the last one stored wins.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/feedback/ranker.h"
#include "jobrec/index/vector_index.h"
#include "jobrec/profile/profile.h"
#include "jobrec/rank/llm_ranking.h"
#include "jobrec/rank/ranker_signals.h"
#include "jobrec/store/database.h"

namespace jobrec::rank {

struct RankerTrainingOptions {
  feedback::RankerOptions ranker;
  // Fewer ratings than this over all users: nothing is trained or stored (a global model of a
  // handful of ratings would only add noise to everyone's order).
  int min_global_ratings = 10;
};

struct RankerTrainingResult {
  int ratings = 0;           // ratings with features over all users
  int users = 0;             // users whose model was stored
  bool stored = false;       // false: too few ratings, nothing stored
};

// Trains and stores the global model and every rating user's model for the fastText model
// `model_version` (whose sentence embedder is `embedder`). Users without a profile that
// parses are skipped. The llm_score feature of a rated posting is the newest LLM score of it
// for the user's current profile version, of any model and prompt version
// (store::LlmScoreRepo::LatestScores): the task does not know the server's LLM settings, and a
// score of an older prompt still says what the LLM thought of the pair. Errors: the store's; InvalidArgument from the training.
absl::StatusOr<RankerTrainingResult> TrainAndStoreRankers(store::Database& db,
                                                          const embed::SentenceEmbedder& embedder,
                                                          const std::string& model_version,
                                                          const RankerTrainingOptions& options = {});

// The model that orders the user's candidates: the user's, else the global one, when trained
// for `model_version`; nullopt when there is none (or a stored one no longer parses, which is
// logged). Errors: the store's.
absl::StatusOr<std::optional<feedback::LinearModel>> RankerModelFor(store::Database& db, int64_t user_id,
                                                                    const std::string& model_version);

// The inputs of the learned ranker's features for the user's `hits` (ranker_signals.h; the
// user's reviews read for the similarity to rated postings). Errors: the store's.
absl::StatusOr<RankerInputs> LoadHitsRankerInputs(store::Database& db, const std::string& model_version,
                                                  int64_t user_id, const std::vector<index::SearchHit>& hits);

// `hits` reordered by `model` (best first), with features from `candidates` (made of
// LoadHitsRankerInputs of these hits or more); hits without features (no vector) keep their
// engine order after the scored ones. The llm_score feature is as in TrainAndStoreRankers (the
// newest score for the user's stored profile version). Errors: the store's.
absl::StatusOr<std::vector<index::SearchHit>> RerankHits(store::Database& db, int64_t user_id,
                                                         const feedback::LinearModel& model,
                                                         const RankerCandidates& candidates,
                                                         std::vector<index::SearchHit> hits);

// The hybrid engine's order with a learned ranker (issue #7 point 3): every candidate (scored
// by the LLM or not) ordered by `model`, the llm_score feature being `scores`' score of the
// posting (the rows of the server's model and prompt version, as HybridOrder gets them);
// candidates without features (no vector) follow in retrieval order. A posting's `score` is the
// model's prediction clamped to [0, 1] (the predicted rating, (rating - 1) / 9), so the shown
// scores follow the order. At most `limit`. The features come from `ranker_candidates` (made
// of LoadHitsRankerInputs of these candidates or more: the ones the fastText engine re-ranked,
// learned_profile.h), so nothing is read from the store or computed again.
std::vector<RankedPosting> LearnedHybridOrder(const RankerCandidates& ranker_candidates,
                                              const feedback::LinearModel& model,
                                              const std::vector<store::LlmScoreRow>& scores,
                                              const std::vector<index::SearchHit>& candidates, size_t limit);

}  // namespace jobrec::rank
