#include "jobrec/profile/profile_text.h"

namespace jobrec::profile {

std::vector<WeightedText> EmbeddingParts(const Profile& profile, const EmbeddingMix& mix) {
  std::vector<WeightedText> parts;
  for (const auto& title : profile.job_titles) {
    parts.push_back({"title", title, mix.titles / profile.job_titles.size()});
  }
  if (!profile.ideal_job.empty()) parts.push_back({"ideal_job", profile.ideal_job, mix.ideal_job});
  int skill_total = 0;
  for (const auto& skill : profile.technical_skills) skill_total += skill.weight;
  for (const auto& skill : profile.technical_skills) {
    if (skill_total > 0) parts.push_back({"skill", skill.name, mix.skills * skill.weight / skill_total});
  }
  for (const auto& sector : profile.sectors) {
    parts.push_back({"sector", sector, mix.sectors / profile.sectors.size()});
  }
  float total = 0;
  for (const auto& part : parts) total += part.weight;
  if (total > 0) {
    for (auto& part : parts) part.weight /= total;
  }
  return parts;
}

}  // namespace jobrec::profile
