// The texts a profile is embedded from, each with the weight its vector gets in the
// profile vector (the engine embeds each part, scales it and sums). Titles say what the
// person wants to be called, skills what they can do, the ideal-job text the context,
// sectors where. Titles and ideal-job text share their 0.65 equally: `jobrec eval --split tune
// --tune` preferred that (0.5) to 0.2, 0.35 and 0.7 title shares. Skills and sectors keep
// their untuned split: the ESCO profiles of the benchmark have neither.
#pragma once

#include <string>
#include <vector>

#include "jobrec/profile/profile.h"

namespace jobrec::profile {

struct WeightedText {
  std::string role;  // "title", "ideal_job", "skill", "sector"
  std::string text;
  float weight = 0;  // weights of all parts sum to 1 (0 parts: empty list)
};

struct EmbeddingMix {
  float titles = 0.325f;
  float ideal_job = 0.325f;
  float skills = 0.30f;
  float sectors = 0.05f;
};

// Parts with empty text are left out and the remaining weights renormalised. Technical skills
// share the skills weight in proportion to their own weights; titles share theirs equally.
std::vector<WeightedText> EmbeddingParts(const Profile& profile, const EmbeddingMix& mix = {});

}  // namespace jobrec::profile
