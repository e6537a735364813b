// The profile's point in embedding space: each of profile::EmbeddingParts embedded (with the
// engine's weighting, posting_vector.h), scaled by its weight and summed, then scaled to unit
// length so inner product with unit-length posting vectors is cosine similarity. Shared by the
// fastText engine and `jobrec eval`, so the benchmark measures the vector the service uses.
//
// Pure function over a thread-safe embedder; thread-safe.
#pragma once

#include <vector>

#include "jobrec/embed/sentence_embedder.h"
#include "jobrec/profile/profile.h"
#include "jobrec/profile/profile_text.h"
#include "jobrec/rank/posting_vector.h"

namespace jobrec::rank {

// Unit length, or all zeros when no part has a known token.
// `weighting` other than the engine's is for comparisons in `jobrec eval`.
std::vector<float> ProfileVector(const embed::SentenceEmbedder& embedder,
                                 const profile::Profile& profile,
                                 const profile::EmbeddingMix& mix = {},
                                 embed::Weighting weighting = kEngineWeighting);

// The profile's parts joined by newlines: the keyword query BM25 uses for a profile.
std::string ProfileQueryText(const profile::Profile& profile);

}  // namespace jobrec::rank
