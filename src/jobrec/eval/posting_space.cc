#include "jobrec/eval/posting_space.h"

#include <cmath>
#include <span>

namespace jobrec::eval {

float Dot(const float* a, const float* b, int dim) {
  float s = 0;
  for (int i = 0; i < dim; ++i) s += a[i] * b[i];
  return s;
}

std::vector<float> CombinedUnitVectors(const rank::PostingTextVectors& vectors, size_t n, float title_weight) {
  const size_t dim = static_cast<size_t>(vectors.dim);
  std::vector<float> out;
  out.reserve(n * dim);
  for (size_t i = 0; i < n; ++i) {
    const std::vector<float> combined = rank::CombinePostingVector(
        std::span<const float>(&vectors.titles[i * dim], dim),
        std::span<const float>(&vectors.descriptions[i * dim], dim), title_weight);
    double norm = 0;
    for (float x : combined) norm += double(x) * x;
    const float scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0.0f;
    for (float x : combined) out.push_back(x * scale);
  }
  return out;
}

}  // namespace jobrec::eval
