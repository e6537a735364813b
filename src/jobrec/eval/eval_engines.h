// The engines `jobrec eval` compares, each ranking the whole pool of an EvalDataset for every
// query: BM25F over title and description with the profile text as query; the served fastText
// engine itself (rank::FastTextEngine over an HNSW index of the pool, vectors built by
// rank/posting_vector.h and rank/profile_vector.h); and exact cosine rankings of variants of
// that vector space, for tuning and for comparison with the plain-mean embedding.
//
// Thread-safety: pure functions; the embedder is used concurrently by `threads` threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/eval/eval_dataset.h"
#include "jobrec/eval/harness.h"
#include "jobrec/profile/profile_text.h"
#include "jobrec/rank/posting_vector.h"
#include "jobrec/rank/query_expansion.h"

namespace jobrec::eval {

// The top `k` postings per query by BM25F (rank/bm25_index.h, default parameters).
std::vector<Ranking> Bm25Rankings(const EvalDataset& dataset, size_t k);

// Title and description vectors of every posting of the pool (row i for dataset.postings[i]),
// embedded once with `weighting`.
rank::PostingTextVectors EmbedPostings(const EvalDataset& dataset,
                                       const embed::SentenceEmbedder& embedder, int threads,
                                       embed::Weighting weighting = rank::kEngineWeighting);

// What `jobrec serve` answers: the top `k` of rank::FastTextEngine::Recommend without filters,
// the index built from the engine's posting vectors (`vectors` must use kEngineWeighting).
// Errors: the index's (InvalidArgument for a bad k); a query whose profile has no known word
// gets an empty ranking.
absl::StatusOr<std::vector<Ranking>> EngineRankings(
    const EvalDataset& dataset, std::shared_ptr<const embed::SentenceEmbedder> embedder,
    const rank::PostingTextVectors& vectors, size_t k);

// One point of the vector space's design, ranked by exact cosine similarity (expanded as the
// engine expands, when expansion_postings > 0).
struct VectorSpaceVariant {
  embed::Weighting weighting = rank::kEngineWeighting;  // must be the vectors' weighting
  float posting_title_weight = rank::kPostingTitleWeight;
  profile::EmbeddingMix profile_mix;
  // Query expansion as the engine does it (rank/query_expansion.h); 0 postings: none.
  size_t expansion_postings = rank::kExpansionPostings;
  float expansion_weight = rank::kExpansionWeight;
};
std::vector<Ranking> ExactRankings(const EvalDataset& dataset,
                                   const embed::SentenceEmbedder& embedder,
                                   const rank::PostingTextVectors& vectors,
                                   const VectorSpaceVariant& variant, size_t k);

}  // namespace jobrec::eval
