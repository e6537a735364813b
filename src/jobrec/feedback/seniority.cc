#include "jobrec/feedback/seniority.h"

#include <cmath>
#include <map>

#include "jobrec/feedback/learned_terms.h"

namespace jobrec::feedback {

int PostingLevel(const std::string& title) {
  static const std::map<std::string, int> kMarkers = {
      {"intern", 1},    {"internship", 1}, {"trainee", 1},   {"apprentice", 1}, {"junior", 1},
      {"graduate", 1},  {"entry", 1},      {"senior", 3},    {"lead", 4},       {"principal", 4},
      {"staff", 4},     {"head", 5},       {"director", 5},  {"vp", 5},         {"chief", 5},
      {"president", 5}, {"executive", 5}};
  int level = 0;
  bool entry = false;
  for (const std::string& word : DistinctWords(title)) {
    const auto it = kMarkers.find(word);
    if (it == kMarkers.end()) continue;
    if (it->second == 1) entry = true;
    else level = std::max(level, it->second);
  }
  if (level > 0) return level;
  return entry ? 1 : 2;
}

std::optional<int> ExperienceLevel(const std::string& experience) {
  static const std::map<std::string, int> kLevels = {
      {"0-6 months", 1}, {"1-2 years", 2}, {"3-5 years", 2}, {"6-10 years", 3}, {"10+ years", 4}};
  const auto it = kLevels.find(experience);
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

double SeniorityFactor(int posting_level, int person_level, bool penalise_above) {
  const int beyond = penalise_above ? posting_level - person_level : person_level - posting_level;
  return beyond > 0 ? std::pow(kSeniorityPenaltyPerLevel, beyond) : 1.0;
}

}  // namespace jobrec::feedback
