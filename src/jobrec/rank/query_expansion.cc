#include "jobrec/rank/query_expansion.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace jobrec::rank {

absl::StatusOr<std::vector<float>> ExpandQuery(std::span<const float> query,
                                               const std::vector<std::vector<float>>& feedback,
                                               float weight) {
  if (!std::isfinite(weight) || weight < 0) {
    return absl::InvalidArgumentError(absl::StrCat("expansion weight ", weight, " must be >= 0"));
  }
  std::vector<float> out(query.begin(), query.end());
  if (feedback.empty()) return out;
  const float share = weight / static_cast<float>(feedback.size());
  for (const auto& v : feedback) {
    if (v.size() != out.size()) {
      return absl::InvalidArgumentError(absl::StrCat("feedback vector of dimension ", v.size(),
                                                     " for a query of ", out.size()));
    }
    for (size_t i = 0; i < out.size(); ++i) out[i] += share * v[i];
  }
  return out;
}

}  // namespace jobrec::rank
