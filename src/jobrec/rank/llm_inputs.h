// The LLM layer's plain inputs (llm/inputs.h) from our domain models: a profile, a stored
// posting and a review. Pure functions.
#pragma once

#include "jobrec/llm/inputs.h"
#include "jobrec/profile/profile.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/posting_row.h"

namespace jobrec::rank {

// Technical-skill weights 10..100 become the prompt's 1..5 (ceil(weight / 20)); general skills
// are listed by category, without weights.
llm::ProfileInput LlmProfileInput(const profile::Profile& profile);
llm::PostingInput LlmPostingInput(const store::StoredPosting& posting);
llm::RatingExample LlmRatingExample(const store::ReviewExampleRow& review);

}  // namespace jobrec::rank
