// The llm and hybrid engines' orderings, from the LLM scores stored for the user's profile
// version (store/llm_score_repo.h; written by scoring runs) and the fast retrieval's
// candidates (fastText hits: posting id and cosine similarity).
//
//   llm:    scored postings by LLM score (ties: retrieval score, then id); then, not dropped,
//           postings without a score: failed scorings (with their reason) and candidates not
//           scored yet, in retrieval order.
//   hybrid: the candidates; scored ones ordered by HybridBlend, then unscored ones by
//           retrieval score.
//
// Pure functions over their inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "jobrec/index/vector_index.h"
#include "jobrec/store/llm_score_repo.h"

namespace jobrec::rank {

struct RankedPosting {
  int64_t posting_id = 0;
  std::optional<double> retrieval;        // cosine similarity, when a candidate
  std::optional<store::LlmScoreRow> llm;  // the stored row: a score or a failure
  bool scored = false;                    // has an LLM score
  std::optional<double> score;            // in [0, 1]: llm score / 10, the hybrid blend or the
                                          // learned ranker's predicted rating (ranker_training.h)
};

// The weight of the LLM score in the hybrid blend.
inline constexpr double kHybridLlmWeight = 0.7;

// The hybrid engine's score of a posting with both scores: kHybridLlmWeight x llm / 10 +
// (1 - kHybridLlmWeight) x retrieval (retrieval clamped to [0, 1]). The LLM reads the whole
// posting and so dominates; the retrieval score breaks the LLM's coarse 0-10 ties. One small
// function on purpose: with a learned ranker for the user, LearnedHybridOrder
// (ranker_training.h) orders the hybrid engine instead.
double HybridBlend(double retrieval, int llm_score);

// At most `limit` postings, in the llm engine's order.
std::vector<RankedPosting> LlmOrder(const std::vector<store::LlmScoreRow>& scores,
                                    const std::vector<index::SearchHit>& candidates, size_t limit);
// At most `limit` of `candidates`, in the hybrid engine's order.
std::vector<RankedPosting> HybridOrder(const std::vector<store::LlmScoreRow>& scores,
                                       const std::vector<index::SearchHit>& candidates, size_t limit);

}  // namespace jobrec::rank
