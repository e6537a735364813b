#include "jobrec/index/testing/synthetic_postings.h"

#include <cmath>
#include <random>

namespace jobrec::index::testing {
namespace {

// Cluster c has a centre and kDirections principal directions of decaying variance, plus a
// little isotropic noise: like real text embeddings, points vary along few directions (low
// intrinsic dimension), and all centres share a common component (fastText sentence vectors
// of unrelated texts still have cosine well above 0).
class Mixture {
 public:
  static constexpr int kDirections = 8;

  explicit Mixture(const SyntheticOptions& o) : options_(o) {
    std::mt19937 rng(o.seed);
    std::normal_distribution<float> normal(0, 1);
    const size_t dim = o.dim;
    std::vector<float> common(dim);
    for (float& x : common) x = normal(rng);
    Normalise(common.data());
    centres_.resize(o.clusters * dim);
    directions_.resize(o.clusters * kDirections * dim);
    for (int c = 0; c < o.clusters; ++c) {
      float* centre = &centres_[c * dim];
      for (size_t i = 0; i < dim; ++i) centre[i] = normal(rng);
      Normalise(centre);
      for (size_t i = 0; i < dim; ++i) centre[i] += 0.6f * common[i];
      Normalise(centre);
      for (int d = 0; d < kDirections; ++d) {
        float* direction = &directions_[(c * kDirections + d) * dim];
        for (size_t i = 0; i < dim; ++i) direction[i] = normal(rng);
        Normalise(direction);
      }
      // Zipf-like cluster sizes: some occupations have far more postings than others.
      weights_.push_back(1.0 / std::sqrt(1.0 + c));
    }
    double sum = 0;
    for (int d = 0; d < kDirections; ++d) sum += std::pow(0.8, 2 * d);
    for (int d = 0; d < kDirections; ++d) scales_.push_back(std::pow(0.8, d) / std::sqrt(sum));
  }

  std::vector<float> Draw(std::mt19937& rng) const {
    std::discrete_distribution<int> cluster(weights_.begin(), weights_.end());
    std::normal_distribution<float> normal(0, 1);
    const size_t dim = options_.dim;
    const int c = cluster(rng);
    const float* centre = &centres_[c * dim];
    std::vector<float> v(centre, centre + dim);
    for (int d = 0; d < kDirections; ++d) {
      const float a = static_cast<float>(options_.spread * scales_[d]) * normal(rng);
      const float* direction = &directions_[(c * kDirections + d) * dim];
      for (size_t i = 0; i < dim; ++i) v[i] += a * direction[i];
    }
    const auto iso = static_cast<float>(0.15 * options_.spread / std::sqrt(double(dim)));
    for (size_t i = 0; i < dim; ++i) v[i] += iso * normal(rng);
    Normalise(v.data());
    return v;
  }

 private:
  void Normalise(float* v) const {
    double sum = 0;
    for (int i = 0; i < options_.dim; ++i) sum += v[i] * v[i];
    const auto inv = static_cast<float>(1.0 / std::sqrt(sum));
    for (int i = 0; i < options_.dim; ++i) v[i] *= inv;
  }

  SyntheticOptions options_;
  std::vector<float> centres_;
  std::vector<float> directions_;
  std::vector<double> weights_;
  std::vector<double> scales_;
};

PostingAttributes DrawAttributes(std::mt19937& rng, int64_t now_unix) {
  static const char* kCountries[] = {"US", "US", "US", "US", "GB", "DE", "FR", "CA", "NL", "ES"};
  static const char* kCities[] = {"New York", "Boston", "Austin",  "Chicago",   "London",
                                  "Berlin",   "Paris",  "Toronto", "Amsterdam", "Madrid"};
  std::uniform_real_distribution<double> u(0, 1);
  PostingAttributes a;
  const double mode = u(rng);
  a.remote = mode < 0.70   ? RemoteMode::kOnsite
             : mode < 0.85 ? RemoteMode::kHybrid
             : mode < 0.95 ? RemoteMode::kRemote
                           : RemoteMode::kUnknown;
  if (u(rng) < 0.97) {
    const int c = std::uniform_int_distribution<int>(0, 9)(rng);
    a.country = kCountries[c];
    a.city = kCities[std::uniform_int_distribution<int>(0, 9)(rng)];
  }
  if (u(rng) < 0.8) a.salary_max = std::round(30000 + u(rng) * 150000);
  a.posted_at_unix = now_unix - static_cast<int64_t>(u(rng) * 90 * 86400);
  return a;
}

}  // namespace

std::vector<IndexRow> MakeSyntheticRows(const SyntheticOptions& options) {
  const Mixture mixture(options);
  std::mt19937 rng(options.seed + 1);
  std::vector<IndexRow> rows(options.count);
  for (size_t i = 0; i < options.count; ++i) {
    rows[i].posting_id = static_cast<int64_t>(i + 1);
    rows[i].vector = mixture.Draw(rng);
    rows[i].attributes = DrawAttributes(rng, options.now_unix);
  }
  return rows;
}

std::vector<std::vector<float>> MakeSyntheticQueries(const SyntheticOptions& options, size_t n,
                                                     uint32_t seed) {
  const Mixture mixture(options);
  std::mt19937 rng(seed);
  std::vector<std::vector<float>> queries;
  for (size_t i = 0; i < n; ++i) queries.push_back(mixture.Draw(rng));
  return queries;
}

}  // namespace jobrec::index::testing
