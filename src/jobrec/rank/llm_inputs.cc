#include "jobrec/rank/llm_inputs.h"

#include <algorithm>

namespace jobrec::rank {

llm::ProfileInput LlmProfileInput(const profile::Profile& profile) {
  llm::ProfileInput input;
  input.titles = profile.job_titles;
  input.ideal_job = profile.ideal_job;
  for (const auto& skill : profile.technical_skills) {
    input.technical_skills.push_back({.name = skill.name, .weight = std::clamp((skill.weight + 19) / 20, 1, 5)});
  }
  for (const auto& skill : profile.general_skills) input.general_skills.push_back(skill.name);
  if (!profile.education.empty()) input.education.push_back(profile.education);
  if (!profile.experience.empty()) input.experience.push_back(profile.experience);
  input.locations = profile.locations;
  input.remote = profile.remote;
  if (profile.min_salary) {
    input.salary = llm::SalaryRange{.min = profile.min_salary->amount,
                                    .currency = profile.min_salary->currency,
                                    .period = profile.min_salary->period};
  }
  return input;
}

llm::PostingInput LlmPostingInput(const store::StoredPosting& posting) {
  llm::PostingInput input;
  input.title = posting.title;
  input.company = posting.company;
  input.location = posting.location_text;
  if (posting.salary) {
    input.salary = llm::SalaryRange{.min = posting.salary->min,
                                    .max = posting.salary->max,
                                    .currency = posting.salary->currency,
                                    .period = posting.salary->period};
  }
  input.remote = posting.remote == "unknown" ? "" : posting.remote;
  input.description = posting.description;
  return input;
}

llm::RatingExample LlmRatingExample(const store::ReviewExampleRow& review) {
  return {.posting_title = review.posting_title,
          .company = review.company,
          .rating = review.score,
          .comment = review.comment,
          .applied = review.applied,
          .not_interested = review.not_interested};
}

}  // namespace jobrec::rank
