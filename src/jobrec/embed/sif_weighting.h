// Smooth inverse frequency (SIF) weighting of word vectors (Arora, Liang & Ma, "A Simple but
// Tough-to-Beat Baseline for Sentence Embeddings", ICLR 2017): a word with corpus probability
// p(w) counts a / (a + p(w)) in a sentence's weighted average, so "the", "our", "position"
// barely move it and rare, specific words dominate; then the component every sentence shares
// (the direction of the corpus' frequent words) is removed, so cosine similarity compares what
// is specific to each text. The search embedding of SentenceEmbedder (Weighting::kSif).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace jobrec::embed {

// The paper's recommended range is 1e-4..1e-3; `jobrec eval` (tune split) measured 1e-3
// above 1e-4 and 1e-2.
inline constexpr double kSifA = 1e-3;

// Below this many training tokens the frequencies are too noisy to weight by: in a toy corpus
// an incidental word seen 6 times outweighs the topic word seen 20 times three to one. Such a
// model's kSif is the plain mean (weights 1, no common component).
inline constexpr int64_t kSifMinTrainingTokens = 10000;

// A word the vocabulary lacks was seen fewer than min_count times, so by frequency it weighs
// at least SifWeight(min_count - 1, total); but its vector comes from character n-grams alone
// and is less reliable than a trained word's, so it gets this share of that weight. 0.3
// measured slightly better than 1 in `jobrec eval` (tune split). Relative, not absolute: in a
// tiny corpus every known word is frequent and weighs little, and a fixed 0.3 would let
// unknown words drown the known ones.
inline constexpr float kOutOfVocabularyShare = 0.3f;

// a / (a + count / total_count): 1 for an unseen word (count 0), near 0 for a word that is
// most of the corpus. `total_count` <= 0 gives 1 for every word; requires a > 0.
float SifWeight(int64_t count, int64_t total_count, double a = kSifA);

// The weights of a vocabulary from its training counts (index = word id), with the total
// taken as the sum of the counts.
std::vector<float> SifWeights(const std::vector<int64_t>& counts, double a = kSifA);

// The unit-length first principal direction (uncentred, as in the SIF paper) of the rows of
// `rows` (row-major, rows.size() / dim rows), row i counting row_weights[i] times: the
// eigenvector with the largest eigenvalue of sum_i row_weights[i] * x_i x_i^T, by power
// iteration. Its sign is fixed so that its largest-magnitude coordinate is positive. All zeros
// when every weighted row is zero. Requires rows.size() == row_weights.size() * dim.
std::vector<float> FirstPrincipalComponent(std::span<const float> rows, int dim,
                                           std::span<const float> row_weights);

// v -= (v . u) u, for a unit-length u of the same size (a zero u leaves v unchanged).
void RemoveComponent(std::span<float> v, std::span<const float> u);

}  // namespace jobrec::embed
