// The structured profile a person fills in, as the recommendation engines see it.
// Plain value type. Validation lives in profile_json.h (the only way a Profile is built from
// user input), so a Profile that reached the engines is known to be valid.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jobrec::profile {

// The fixed vocabularies, in the order the UI shows them.
inline const std::vector<std::string>& Sectors() {
  static const std::vector<std::string> kSectors = {
      "Natural Resources",  "Energy & Utilities",   "Manufacturing",
      "Infrastructure & Transport", "ICT & Digital", "Services & Commerce",
      "Public & Social Systems"};
  return kSectors;
}
inline const std::vector<std::string>& GeneralSkillCategories() {
  static const std::vector<std::string> kCategories = {
      "Cognitive & Technical", "Execution & Operational", "Social & Communication",
      "Business & Contextual"};
  return kCategories;
}
inline const std::vector<std::string>& EducationLevels() {
  static const std::vector<std::string> kLevels = {"None", "Bachelor", "Master", "PhD"};
  return kLevels;
}
inline const std::vector<std::string>& ExperienceLevels() {
  static const std::vector<std::string> kLevels = {"0-6 months", "1-2 years", "3-5 years",
                                                   "6-10 years", "10+ years"};
  return kLevels;
}
inline const std::vector<std::string>& RemotePreferences() {
  static const std::vector<std::string> kPrefs = {"onsite", "hybrid", "remote", "any"};
  return kPrefs;
}

struct WeightedSkill {
  std::string name;  // technical skill name, or general-skill category
  int weight = 0;    // 10..100 in steps of 10; a non-empty list sums to 100
};

struct MinSalary {
  double amount = 0;
  std::string currency;        // ISO 4217, upper case
  std::string period = "year"; // "year" | "month" | "hour"
};

struct Profile {
  std::vector<std::string> job_titles;  // 1..10
  std::string ideal_job;                // <= 5,000 characters
  std::vector<std::string> sectors;
  std::vector<WeightedSkill> technical_skills;
  std::vector<WeightedSkill> general_skills;
  std::string education;   // "" when not given
  std::string experience;  // "" when not given
  std::vector<std::string> locations;
  std::string remote = "any";
  std::optional<MinSalary> min_salary;
  std::vector<std::string> languages;  // ISO 639-1, lower case
};

}  // namespace jobrec::profile
