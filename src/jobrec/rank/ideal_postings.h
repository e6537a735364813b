// The LLM's ideal postings folded into the fastText query (issue #6 point 6): the LLM writes a
// few short postings of the job the profile describes (tasks/ideal_postings_task.h), and the
// query vector leans toward them, since they use the vocabulary of real postings where a
// profile has a few titles and skills:
//
//   query = normalise((1 - w) * profile vector + w * normalise(mean of the postings' vectors))
//
// w is llm.ideal_postings_weight, default 0.3 (kDefaultIdealPostingsWeight): the profile the
// user wrote stays the larger part, the postings widen its vocabulary. w = 0, no stored
// postings (no LLM, llm.ideal_postings off, or the task has not run yet for the current profile
// version) or no posting with a known word leave the profile vector as it is.
//
// Thread-safety: functions of thread-safe arguments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/rank/ideal_postings_cache.h"
#include "jobrec/store/database.h"

namespace jobrec::rank {

inline constexpr double kDefaultIdealPostingsWeight = 0.3;

// The blend above. `profile_vector` is returned unchanged when it is all zeros, when `weight`
// is <= 0, or when no posting vector has its dimension and a non-zero entry (those are
// skipped). `weight` above 1 counts as 1. The result has unit length otherwise.
std::vector<float> BlendIdealPostings(const std::vector<float>& profile_vector,
                                      const std::vector<std::vector<float>>& posting_vectors, double weight);

// Each text embedded as the engine embeds profile and postings (posting_vector.h's
// weighting), unit length; zeros for a text without a known word.
std::vector<std::vector<float>> IdealPostingVectors(const embed::SentenceEmbedder& embedder,
                                                    const std::vector<std::string>& texts);

// BlendIdealPostings of `profile_vector` with the user's stored ideal postings of their current
// profile version (store/ideal_postings_repo.h), read as the user. Errors: the store's.
absl::StatusOr<std::vector<float>> FoldIdealPostings(store::Database& db, const embed::SentenceEmbedder& embedder,
                                                     int64_t user_id, const std::vector<float>& profile_vector,
                                                     double weight = kDefaultIdealPostingsWeight);

// FoldIdealPostings with the postings' vectors from `cache` when it holds them for the stored
// postings (ideal_postings_cache.h), else embedded and put there: the same result without
// embedding again. `model_version` is the version of `embedder`'s model. Errors: the store's.
absl::StatusOr<std::vector<float>> FoldIdealPostings(store::Database& db, const embed::SentenceEmbedder& embedder,
                                                     const std::string& model_version, IdealPostingsCache& cache,
                                                     int64_t user_id, const std::vector<float>& profile_vector,
                                                     double weight);

}  // namespace jobrec::rank
