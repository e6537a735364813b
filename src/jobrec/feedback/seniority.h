// Seniority levels for the "too senior" / "too junior" rules (comment_rules.h), on one scale:
// 1 entry (intern, trainee, junior, graduate), 2 mid (no marker), 3 senior, 4 lead (lead,
// principal, staff), 5 executive (head, director, vice president, chief). A posting's level comes
// from the markers in its title (ingest's dedupe uses the same words); O*NET job zones measure
// preparation rather than rank, so they are not used. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

namespace jobrec::feedback {

// The highest marker in the title; 2 when it has none.
int PostingLevel(const std::string& title);

// The level a person's stated experience fits (profile::ExperienceLevels): "0-6 months" 1,
// "1-2 years" and "3-5 years" 2, "6-10 years" 3, "10+ years" 4; nullopt when not given.
std::optional<int> ExperienceLevel(const std::string& experience);

// What a rule multiplies a score by per level of mismatch.
inline constexpr double kSeniorityPenaltyPerLevel = 0.8;

// The factor for a posting `posting_level` under the too_senior (penalise_above) or too_junior
// rule: kSeniorityPenaltyPerLevel ^ (levels beyond the person's), 1 when it fits.
double SeniorityFactor(int posting_level, int person_level, bool penalise_above);

}  // namespace jobrec::feedback
