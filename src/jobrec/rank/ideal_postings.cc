#include "jobrec/rank/ideal_postings.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "jobrec/rank/posting_vector.h"
#include "jobrec/store/ideal_postings_repo.h"

namespace jobrec::rank {
namespace {

bool AllZero(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return x == 0; });
}

// Scales `v` to unit length in place; false (and unchanged) when it is all zeros.
bool Normalise(std::vector<double>& v) {
  double norm = 0;
  for (double x : v) norm += x * x;
  if (norm == 0) return false;
  norm = std::sqrt(norm);
  for (double& x : v) x /= norm;
  return true;
}

using VectorsOf = std::function<std::shared_ptr<const IdealPostingsCache::Vectors>(const store::StoredIdealPostings&)>;

// FoldIdealPostings with the stored postings' vectors from `vectors_of`.
absl::StatusOr<std::vector<float>> Fold(store::Database& db, int64_t user_id, const std::vector<float>& profile_vector,
                                        double weight, const VectorsOf& vectors_of) {
  if (weight <= 0) return profile_vector;
  JOBREC_ASSIGN_OR_RETURN(auto stored, store::IdealPostingsRepo(db).Current(user_id));
  if (!stored) return profile_vector;
  return BlendIdealPostings(profile_vector, *vectors_of(*stored), weight);
}

}  // namespace

std::vector<float> BlendIdealPostings(const std::vector<float>& profile_vector,
                                      const std::vector<std::vector<float>>& posting_vectors, double weight) {
  if (weight <= 0 || AllZero(profile_vector)) return profile_vector;
  weight = std::min(weight, 1.0);
  const size_t dim = profile_vector.size();
  std::vector<double> mean(dim, 0.0);
  int used = 0;
  for (const auto& v : posting_vectors) {
    if (v.size() != dim || AllZero(v)) continue;
    for (size_t i = 0; i < dim; ++i) mean[i] += v[i];
    ++used;
  }
  if (used == 0 || !Normalise(mean)) return profile_vector;
  std::vector<double> profile(profile_vector.begin(), profile_vector.end());
  Normalise(profile);
  std::vector<double> blended(dim);
  for (size_t i = 0; i < dim; ++i) blended[i] = (1 - weight) * profile[i] + weight * mean[i];
  // Opposite directions at weight 0.5 cancel out: nothing to search with but the profile.
  if (!Normalise(blended)) return profile_vector;
  return {blended.begin(), blended.end()};
}

std::vector<std::vector<float>> IdealPostingVectors(const embed::SentenceEmbedder& embedder,
                                                    const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> vectors;
  vectors.reserve(texts.size());
  for (const std::string& text : texts) {
    vectors.push_back(embedder.Embed(text, embed::OutputNorm::kUnitLength, kEngineWeighting));
  }
  return vectors;
}

absl::StatusOr<std::vector<float>> FoldIdealPostings(store::Database& db, const embed::SentenceEmbedder& embedder,
                                                     int64_t user_id, const std::vector<float>& profile_vector,
                                                     double weight) {
  return Fold(db, user_id, profile_vector, weight, [&](const store::StoredIdealPostings& stored) {
    return std::make_shared<const IdealPostingsCache::Vectors>(IdealPostingVectors(embedder, stored.texts));
  });
}

absl::StatusOr<std::vector<float>> FoldIdealPostings(store::Database& db, const embed::SentenceEmbedder& embedder,
                                                     const std::string& model_version, IdealPostingsCache& cache,
                                                     int64_t user_id, const std::vector<float>& profile_vector,
                                                     double weight) {
  return Fold(db, user_id, profile_vector, weight, [&](const store::StoredIdealPostings& stored) {
    auto vectors = cache.Find(user_id, stored.profile_version, model_version, stored.texts);
    if (!vectors) {
      vectors = std::make_shared<const IdealPostingsCache::Vectors>(IdealPostingVectors(embedder, stored.texts));
      cache.Put(user_id, stored.profile_version, model_version, stored.texts, vectors);
    }
    return vectors;
  });
}

}  // namespace jobrec::rank
