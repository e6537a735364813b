#include "jobrec/feedback/comment_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace jobrec::feedback {
namespace {

struct Lexeme {
  RuleKind kind;
  const char* phrase;
};

// The lexicon. Phrases are matched on word boundaries in the lower-cased comment.
constexpr Lexeme kLexicon[] = {
    {RuleKind::kTooSenior, "too senior"},        {RuleKind::kTooSenior, "overqualified for me"},
    {RuleKind::kTooSenior, "too much experience"}, {RuleKind::kTooSenior, "too experienced"},
    {RuleKind::kTooSenior, "senior role"},       {RuleKind::kTooSenior, "management role"},
    {RuleKind::kTooSenior, "out of my league"},  {RuleKind::kTooSenior, "needs more experience"},
    {RuleKind::kTooJunior, "too junior"},        {RuleKind::kTooJunior, "entry level"},
    {RuleKind::kTooJunior, "entry-level"},       {RuleKind::kTooJunior, "underqualified role"},
    {RuleKind::kTooJunior, "beneath my level"},  {RuleKind::kTooJunior, "internship"},
    {RuleKind::kAgency, "agency"},               {RuleKind::kAgency, "recruiter"},
    {RuleKind::kAgency, "recruitment firm"},     {RuleKind::kAgency, "staffing"},
    {RuleKind::kAgency, "headhunter"},           {RuleKind::kAgency, "third party"},
    {RuleKind::kAgency, "third-party"},
    {RuleKind::kTooFar, "too far"},              {RuleKind::kTooFar, "commute"},
    {RuleKind::kTooFar, "relocate"},             {RuleKind::kTooFar, "relocation"},
    {RuleKind::kTooFar, "wrong city"},           {RuleKind::kTooFar, "wrong location"},
    {RuleKind::kTooFar, "far away"},
    {RuleKind::kNeedsRemote, "no remote"},       {RuleKind::kNeedsRemote, "not remote"},
    {RuleKind::kNeedsRemote, "onsite only"},     {RuleKind::kNeedsRemote, "on-site only"},
    {RuleKind::kNeedsRemote, "office only"},     {RuleKind::kNeedsRemote, "need remote"},
    {RuleKind::kNeedsRemote, "want remote"},     {RuleKind::kNeedsRemote, "fully onsite"},
    {RuleKind::kLowSalary, "salary too low"},    {RuleKind::kLowSalary, "pay too low"},
    {RuleKind::kLowSalary, "low salary"},        {RuleKind::kLowSalary, "low pay"},
    {RuleKind::kLowSalary, "underpaid"},         {RuleKind::kLowSalary, "pays too little"},
    {RuleKind::kLowSalary, "not enough money"},
};

bool IsWordChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

bool Negated(const std::string& text, size_t pos) {
  for (const char* neg : {"not ", "isn't ", "wasn't ", "no "}) {
    size_t len = std::char_traits<char>::length(neg);
    if (pos >= len && text.compare(pos - len, len, neg) == 0) return true;
  }
  return false;
}

bool ContainsPhrase(const std::string& text, const std::string& phrase) {
  for (size_t pos = text.find(phrase); pos != std::string::npos; pos = text.find(phrase, pos + 1)) {
    bool start_ok = pos == 0 || !IsWordChar(text[pos - 1]);
    size_t end = pos + phrase.size();
    bool end_ok = end >= text.size() || !IsWordChar(text[end]);
    // "no remote" itself starts with a negation word: only look before other phrases.
    bool negated = phrase.rfind("no ", 0) != 0 && phrase.rfind("not ", 0) != 0 && Negated(text, pos);
    if (start_ok && end_ok && !negated) return true;
  }
  return false;
}

}  // namespace

const char* RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kTooSenior: return "too_senior";
    case RuleKind::kTooJunior: return "too_junior";
    case RuleKind::kAgency: return "agency";
    case RuleKind::kTooFar: return "too_far";
    case RuleKind::kNeedsRemote: return "needs_remote";
    case RuleKind::kLowSalary: return "low_salary";
  }
  return "unknown";
}

std::optional<RuleKind> ParseRuleKind(const std::string& name) {
  for (RuleKind kind : {RuleKind::kTooSenior, RuleKind::kTooJunior, RuleKind::kAgency,
                        RuleKind::kTooFar, RuleKind::kNeedsRemote, RuleKind::kLowSalary}) {
    if (name == RuleKindName(kind)) return kind;
  }
  return std::nullopt;
}

std::string RuleDescription(RuleKind kind) {
  switch (kind) {
    case RuleKind::kTooSenior: return "Rank postings above my experience level lower";
    case RuleKind::kTooJunior: return "Rank postings below my experience level lower";
    case RuleKind::kAgency: return "Hide postings from recruitment agencies";
    case RuleKind::kTooFar: return "Only show postings in my preferred locations or remote";
    case RuleKind::kNeedsRemote: return "Only show remote or hybrid postings";
    case RuleKind::kLowSalary: return "Hide postings whose salary is below my minimum";
  }
  return "";
}

std::vector<RuleKind> ReasonsInComment(const std::string& comment) {
  std::string text = absl::AsciiStrToLower(comment);
  std::vector<RuleKind> found;
  for (const auto& lexeme : kLexicon) {
    if (std::find(found.begin(), found.end(), lexeme.kind) != found.end()) continue;
    if (ContainsPhrase(text, lexeme.phrase)) found.push_back(lexeme.kind);
  }
  return found;
}

bool LooksLikeAgency(const std::string& company, const std::string& description) {
  std::string name = absl::AsciiStrToLower(company);
  for (const char* word : {"recruit", "staffing", "talent solutions", "personnel", "headhunt",
                           "employment agency", "interim", "search partners"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  std::string text = absl::AsciiStrToLower(description);
  return text.find("on behalf of our client") != std::string::npos ||
         text.find("our client is seeking") != std::string::npos ||
         text.find("our client, a") != std::string::npos;
}

}  // namespace jobrec::feedback
