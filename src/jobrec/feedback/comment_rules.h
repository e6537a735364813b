// Turns recurring reasons in a person's rating comments ("too senior", "agency", "too far",
// "no remote", "pay too low") into proposed rules they accept or reject in one click. Without
// an LLM the reasons come from the documented lexicon below; an LLM extractor can produce the
// same RuleKind values. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jobrec::feedback {

enum class RuleKind {
  kTooSenior,   // penalise postings above the person's seniority (job zone / title level)
  kTooJunior,   // penalise postings below it
  kAgency,      // exclude postings from recruitment agencies
  kTooFar,      // keep only postings in the preferred locations (or remote)
  kNeedsRemote, // keep only remote or hybrid postings
  kLowSalary,   // exclude postings whose salary is known and below the minimum
};

// Stable names used in the API and the database: "too_senior", "too_junior", "agency",
// "too_far", "needs_remote", "low_salary".
const char* RuleKindName(RuleKind kind);
std::optional<RuleKind> ParseRuleKind(const std::string& name);
// What the rule does, in a sentence for the UI.
std::string RuleDescription(RuleKind kind);

// The reasons the lexicon finds in one comment (case-insensitive phrase match; each kind at
// most once). Negations such as "not too far" are not matched.
std::vector<RuleKind> ReasonsInComment(const std::string& comment);

struct RatedComment {
  std::string comment;
  int score = 0;  // 1..10, 0 when only "not interested"
  bool not_interested = false;
};

struct ProposedRule {
  RuleKind kind;
  int evidence = 0;  // how many negative ratings gave this reason (review_reasons.h)
};

// Whether a company name looks like a recruitment agency (for the kAgency rule).
bool LooksLikeAgency(const std::string& company, const std::string& description);

}  // namespace jobrec::feedback
