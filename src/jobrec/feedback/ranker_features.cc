#include "jobrec/feedback/ranker_features.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "jobrec/feedback/rocchio.h"

namespace jobrec::feedback {
namespace {

constexpr double kFreshnessHalfLifeDays = 14;

std::string Lower(const std::string& text) {
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether `needle` occurs in `haystack` (both lower case) not glued to a letter or digit.
bool ContainsWord(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return false;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    const size_t end = pos + needle.size();
    const bool left_ok = pos == 0 || !IsWordChar(haystack[pos - 1]) || !IsWordChar(needle.front());
    const bool right_ok =
        end == haystack.size() || !IsWordChar(haystack[end]) || !IsWordChar(needle.back());
    if (left_ok && right_ok) return true;
  }
  return false;
}

std::optional<double> PeriodsPerYear(const std::string& period) {
  if (period == "year") return 1;
  if (period == "month") return 12;
  if (period == "week") return 52;
  if (period == "day") return 260;
  if (period == "hour") return 2080;
  return std::nullopt;
}

// Appends a value and its missing indicator.
void Push(std::vector<double>& out, std::optional<double> value) {
  out.push_back(value.value_or(0.0));
  out.push_back(value ? 0.0 : 1.0);
}

}  // namespace

const std::vector<std::string>& RankerFeatureNames() {
  static const std::vector<std::string> kNames = {
      "engine_score",     "title_similarity",       "description_similarity", "keyword_score",
      "llm_score",        "llm_missing",
      "skill_overlap",    "skill_missing",
      "salary_fit",       "salary_missing",
      "location_fit",     "location_missing",
      "remote_fit",       "remote_missing",
      "seniority_above",  "seniority_below",        "seniority_missing",
      "freshness",        "freshness_missing",
      "liked_similarity", "liked_missing",
      "disliked_similarity", "disliked_missing"};
  return kNames;
}

std::optional<double> ExperienceYears(const std::string& experience_level) {
  if (experience_level == "0-6 months") return 0.25;
  if (experience_level == "1-2 years") return 1.5;
  if (experience_level == "3-5 years") return 4;
  if (experience_level == "6-10 years") return 8;
  if (experience_level == "10+ years") return 12;
  return std::nullopt;
}

int ExpectedJobZone(double years) {
  // O*NET's job zones by related experience: 1 none, 2 up to a year, 3 one to two years,
  // 4 two to four years, 5 more than four.
  if (years < 0.5) return 1;
  if (years < 1) return 2;
  if (years < 2) return 3;
  if (years <= 4) return 4;
  return 5;
}

std::optional<double> SkillOverlap(const profile::Profile& profile, const PostingFacts& posting) {
  double total = 0, found = 0;
  const std::string text = Lower(posting.title + "\n" + posting.description);
  for (const auto& skill : profile.technical_skills) {
    if (skill.weight <= 0) continue;
    total += skill.weight;
    if (ContainsWord(text, Lower(skill.name))) found += skill.weight;
  }
  if (total <= 0) return std::nullopt;
  return found / total;
}

std::optional<double> SalaryFit(const profile::Profile& profile, const PostingFacts& posting) {
  if (!profile.min_salary || profile.min_salary->amount <= 0) return std::nullopt;
  const std::optional<double> best = posting.salary_max ? posting.salary_max : posting.salary_min;
  if (!best || *best <= 0) return std::nullopt;
  if (posting.salary_currency.empty() || posting.salary_currency != profile.min_salary->currency) {
    return std::nullopt;
  }
  const auto posting_per_year = PeriodsPerYear(posting.salary_period);
  const auto wanted_per_year = PeriodsPerYear(profile.min_salary->period);
  if (!posting_per_year || !wanted_per_year) return std::nullopt;
  const double offered = *best * *posting_per_year;
  const double wanted = profile.min_salary->amount * *wanted_per_year;
  return std::min(1.0, offered / wanted);
}

std::optional<double> LocationFit(const profile::Profile& profile, const PostingFacts& posting) {
  if (profile.locations.empty()) return std::nullopt;
  if (posting.remote == "remote") return 1.0;
  const std::string city = Lower(posting.city), region = Lower(posting.region);
  const std::string country = Lower(posting.country), text = Lower(posting.location_text);
  for (const auto& location : profile.locations) {
    const std::string wanted = Lower(location);
    if (wanted.empty()) continue;
    if ((!city.empty() && ContainsWord(wanted, city)) || wanted == region || wanted == country ||
        ContainsWord(text, wanted)) {
      return 1.0;
    }
  }
  return 0.0;
}

std::optional<double> RemoteFit(const profile::Profile& profile, const PostingFacts& posting) {
  const std::string& want = profile.remote;
  const std::string& mode = posting.remote;
  if (want.empty() || want == "any") return std::nullopt;
  if (mode != "onsite" && mode != "hybrid" && mode != "remote") return std::nullopt;
  if (want == mode) return 1.0;
  // A hybrid posting half-suits either extreme; onsite vs remote is the worst pairing, worse
  // for someone who needs remote than for someone who prefers the office.
  if (mode == "hybrid") return 0.5;
  if (want == "hybrid") return 0.5;
  return want == "remote" ? 0.0 : 0.25;
}

std::vector<double> RankerFeatures(const profile::Profile& profile, const PostingFacts& posting,
                                   const RankerSignals& signals) {
  std::vector<double> out;
  out.reserve(RankerFeatureNames().size());
  out.push_back(signals.engine_score);
  out.push_back(signals.title_similarity);
  out.push_back(signals.description_similarity);
  out.push_back(std::clamp(signals.keyword_score, 0.0, 1.0));
  std::optional<double> llm;
  if (signals.llm_score) llm = std::clamp(*signals.llm_score, 0.0, 10.0) / 10;
  Push(out, llm);
  Push(out, SkillOverlap(profile, posting));
  Push(out, SalaryFit(profile, posting));
  Push(out, LocationFit(profile, posting));
  Push(out, RemoteFit(profile, posting));
  const std::optional<double> years = ExperienceYears(profile.experience);
  if (years && posting.job_zone && *posting.job_zone >= 1 && *posting.job_zone <= 5) {
    const int gap = *posting.job_zone - ExpectedJobZone(*years);
    out.push_back(std::max(0, gap) / 4.0);
    out.push_back(std::max(0, -gap) / 4.0);
    out.push_back(0.0);
  } else {
    out.insert(out.end(), {0.0, 0.0, 1.0});
  }
  Push(out, posting.age_days ? std::optional<double>(
                                   DecayWeight(*posting.age_days, kFreshnessHalfLifeDays))
                             : std::nullopt);
  Push(out, signals.liked_similarity);
  Push(out, signals.disliked_similarity);
  return out;
}

}  // namespace jobrec::feedback
