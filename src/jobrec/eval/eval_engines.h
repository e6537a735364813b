// The engines `jobrec eval` compares, each ranking the whole pool of an EvalDataset for every
// query: BM25F over title and description with the profile text as query, and fastText
// cosine similarity between the profile vector (rank/profile_vector.h) and posting vectors
// combined from a title vector and a description vector in several ways.
//
// Thread-safety: pure functions; the embedder is used concurrently by `threads` threads.
#pragma once

#include <string>
#include <vector>

#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/eval/eval_dataset.h"
#include "jobrec/eval/harness.h"

namespace jobrec::eval {

// The top `k` postings per query by BM25F (rank/bm25_index.h, default parameters).
std::vector<Ranking> Bm25Rankings(const EvalDataset& dataset, size_t k);

// How a posting's score is made from its unit-length title vector t and description vector d
// for the unit-length profile vector p.
enum class PostingVectorMix {
  kDescription,    // cos(p, d)
  kTitle,          // cos(p, t)
  kAverageVector,  // cos(p, t + d)
  kAverageCosine,  // (cos(p, t) + cos(p, d)) / 2 — the earlier version's score
};
const char* PostingVectorMixName(PostingVectorMix mix);  // "desc", "title", "avg-vec", "avg-cos"
inline constexpr PostingVectorMix kAllPostingVectorMixes[] = {
    PostingVectorMix::kDescription, PostingVectorMix::kTitle, PostingVectorMix::kAverageVector,
    PostingVectorMix::kAverageCosine};

// Title and description vectors of every posting of the pool, embedded once.
struct PostingVectors {
  int dim = 0;
  std::vector<float> titles;        // postings x dim, row i for dataset.postings[i]
  std::vector<float> descriptions;  // same layout
};
PostingVectors EmbedPostings(const EvalDataset& dataset, const embed::SentenceEmbedder& embedder,
                             int threads);

// The top `k` postings per query for one mix.
std::vector<Ranking> FastTextRankings(const EvalDataset& dataset,
                                      const embed::SentenceEmbedder& embedder,
                                      const PostingVectors& vectors, PostingVectorMix mix,
                                      size_t k);

}  // namespace jobrec::eval
