// The evaluation's exact vector space (eval_engines.h, feedback_simulation.h): every posting's
// index vector in one buffer, and the dot product both score with.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <vector>

#include "jobrec/rank/posting_vector.h"

namespace jobrec::eval {

float Dot(const float* a, const float* b, int dim);

// The first `n` postings' index vectors (rank::CombinePostingVector with `title_weight`), each
// scaled to unit length as the index does (zeros when both of its vectors are), one after the
// other: posting i at [i * dim, (i + 1) * dim).
std::vector<float> CombinedUnitVectors(const rank::PostingTextVectors& vectors, size_t n,
                                       float title_weight = rank::kPostingTitleWeight);

}  // namespace jobrec::eval
