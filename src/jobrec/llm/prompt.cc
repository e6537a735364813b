#include "jobrec/llm/prompt.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "jobrec/llm/embedded_prompts.h"

namespace jobrec::llm {

std::string DefuseTag(std::string text, const std::string& tag) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (const std::string& opening : {"<" + tag, "</" + tag}) {
    for (size_t pos = lower.find(opening); pos != std::string::npos; pos = lower.find(opening, pos + 1)) {
      text[pos] = '[';
    }
  }
  return text;
}

namespace {

constexpr char kNotStated[] = "(not stated)";
constexpr size_t kMaxCommentChars = 300;

struct KindSpec {
  std::set<std::string> placeholders;
  std::vector<std::string> sections;
};

const std::map<std::string, KindSpec>& Kinds() {
  static const auto* kinds = new std::map<std::string, KindSpec>{
      {kScoreKind, {{"profile", "posting", "calibration"}, {"system", "user"}}},
      {kIdealPostingsKind, {{"profile", "count"}, {"system", "user"}}},
      {kSearchKeywordsKind, {{"profile", "max_keywords"}, {"system", "user"}}},
      {kRepairKind, {{"error"}, {"user"}}},
      {kCommentReasonsKind, {{"comment"}, {"system", "user"}}},
  };
  return *kinds;
}

std::string OrNotStated(const std::string& text) {
  const absl::string_view stripped = absl::StripAsciiWhitespace(text);
  return stripped.empty() ? kNotStated : std::string(stripped);
}

std::string JoinOrNotStated(const std::vector<std::string>& items, const char* separator) {
  std::vector<std::string> kept;
  for (const auto& item : items) {
    const absl::string_view stripped = absl::StripAsciiWhitespace(item);
    if (!stripped.empty()) kept.emplace_back(stripped);
  }
  return kept.empty() ? kNotStated : absl::StrJoin(kept, separator);
}

std::string Amount(double value) { return absl::StrFormat("%.0f", value); }

std::string RenderSalary(const std::optional<SalaryRange>& salary, bool is_wish) {
  if (!salary || (!salary->min && !salary->max)) return kNotStated;
  std::string range;
  if (salary->min && salary->max) {
    range = absl::StrCat(Amount(*salary->min), "-", Amount(*salary->max));
  } else if (salary->min) {
    range = absl::StrCat(is_wish ? "at least " : "from ", Amount(*salary->min));
  } else {
    range = absl::StrCat("up to ", Amount(*salary->max));
  }
  return absl::StrCat(range, salary->currency.empty() ? "" : " ", salary->currency, " per ",
                      salary->period.empty() ? "year" : salary->period);
}

std::string RenderProfileRemote(const std::string& remote) {
  if (remote == "remote") return "wants fully remote work";
  if (remote == "hybrid") return "wants hybrid or remote work";
  if (remote == "onsite") return "prefers working on site";
  if (remote == "any") return "no preference";
  return OrNotStated(remote);
}

std::string RenderPostingRemote(const std::string& remote) {
  if (remote == "remote") return "fully remote";
  if (remote == "hybrid") return "hybrid";
  if (remote == "onsite") return "on site";
  return OrNotStated(remote);
}

std::string DefuseDelimiters(std::string text) { return DefuseTag(std::move(text), "job_posting"); }

// How much a rating tells the model about the user's taste: a comment (the reason is the
// most useful part, so any commented rating outranks an uncommented one), the distance from
// the middle of the scale (0.5 .. 4.5), an explicit action.
double Informativeness(const RatingExample& rating) {
  double value = std::fabs(rating.rating - 5.5);
  if (!absl::StripAsciiWhitespace(rating.comment).empty()) value += 5.0;
  if (rating.applied || rating.not_interested) value += 1.0;
  return value;
}

std::string RenderRating(const RatingExample& rating) {
  std::string line = absl::StrCat("- \"", OrNotStated(rating.posting_title), "\"");
  if (!rating.company.empty()) absl::StrAppend(&line, " at ", rating.company);
  absl::StrAppend(&line, ": rated ", rating.rating, "/10");
  if (rating.applied) absl::StrAppend(&line, ", applied");
  if (rating.not_interested) absl::StrAppend(&line, ", marked not interested");
  const absl::string_view comment = absl::StripAsciiWhitespace(rating.comment);
  if (!comment.empty()) {
    absl::StrAppend(&line, ". Comment: \"",
                    CutAtWordBoundary(std::string(comment), kMaxCommentChars), "\"");
  }
  return line;
}

size_t EstimatedTokens(const std::string& text) { return (text.size() + 3) / 4; }

absl::Status CheckKind(const PromptTemplate& tmpl, const char* kind) {
  if (KindOfVersion(tmpl.Version()) == kind) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("prompt template '", tmpl.Version(), "' is not a ", kind, " template"));
}

absl::StatusOr<Prompt> RenderBoth(const PromptTemplate& tmpl, const PromptValues& values) {
  Prompt prompt{.version = tmpl.Version()};
  JOBREC_ASSIGN_OR_RETURN(prompt.system, tmpl.Render("system", values));
  JOBREC_ASSIGN_OR_RETURN(prompt.user, tmpl.Render("user", values));
  return prompt;
}

}  // namespace

std::string KindOfVersion(const std::string& version) {
  const size_t dash = version.rfind("-v");
  if (dash == std::string::npos || dash == 0 || dash + 2 >= version.size()) return "";
  for (size_t i = dash + 2; i < version.size(); ++i) {
    if (!absl::ascii_isdigit(version[i])) return "";
  }
  return version.substr(0, dash);
}

absl::StatusOr<PromptLibrary> PromptLibrary::FromTexts(
    const std::vector<std::pair<std::string, std::string>>& files) {
  PromptLibrary library;
  for (const auto& [version, text] : files) {
    const std::string kind = KindOfVersion(version);
    auto spec = Kinds().find(kind);
    if (spec == Kinds().end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "prompt template '", version,
          "': unknown kind; names are <kind>-v<N> with kind score, ideal-postings, "
          "search-keywords, repair or comment-reasons"));
    }
    JOBREC_ASSIGN_OR_RETURN(PromptTemplate tmpl,
                            PromptTemplate::Parse(version, text, spec->second.placeholders));
    for (const auto& section : spec->second.sections) {
      if (!tmpl.HasSection(section)) {
        return absl::InvalidArgumentError(absl::StrCat("prompt template '", version,
                                                       "': missing section '", section, "'"));
      }
    }
    library.templates_.emplace(version, std::move(tmpl));
  }
  return library;
}

absl::StatusOr<PromptLibrary> PromptLibrary::Embedded() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const EmbeddedPrompt& prompt : EmbeddedPrompts()) {
    files.emplace_back(std::string(prompt.version), std::string(prompt.text));
  }
  return FromTexts(files);
}

absl::StatusOr<const PromptTemplate*> PromptLibrary::Find(const std::string& version) const {
  auto it = templates_.find(version);
  if (it == templates_.end()) {
    return absl::NotFoundError(absl::StrCat("no prompt template '", version, "' (known: ",
                                            absl::StrJoin(Versions(), ", "), ")"));
  }
  return &it->second;
}

absl::StatusOr<const PromptTemplate*> PromptLibrary::Find(const std::string& version,
                                                          const char* kind) const {
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* tmpl, Find(version));
  JOBREC_RETURN_IF_ERROR(CheckKind(*tmpl, kind));
  return tmpl;
}

std::vector<std::string> PromptLibrary::Versions() const {
  std::vector<std::string> versions;
  for (const auto& [version, tmpl] : templates_) versions.push_back(version);
  return versions;
}

std::string CutAtWordBoundary(const std::string& text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  size_t cut = max_chars;
  // Prefer the last whitespace, unless that would throw away more than half of the allowance.
  size_t space = text.find_last_of(" \t\n\r", max_chars);
  if (space != std::string::npos && space >= max_chars / 2) {
    cut = space;
  } else {
    // Do not split a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out(absl::StripTrailingAsciiWhitespace(text.substr(0, cut)));
  return out + " [...]";
}

std::string RenderProfile(const ProfileInput& profile) {
  std::vector<std::string> skills;
  for (const auto& skill : profile.technical_skills) {
    if (absl::StripAsciiWhitespace(skill.name).empty()) continue;
    skills.push_back(absl::StrCat(absl::StripAsciiWhitespace(skill.name), " (", skill.weight, ")"));
  }
  return absl::StrCat(
      "Target job titles: ", JoinOrNotStated(profile.titles, "; "), "\n",
      "Ideal job, in the seeker's words: ", OrNotStated(profile.ideal_job), "\n",
      "Technical skills with weights (5 = essential, 1 = nice to have): ",
      JoinOrNotStated(skills, ", "), "\n",
      "General skills: ", JoinOrNotStated(profile.general_skills, ", "), "\n",
      "Education: ", JoinOrNotStated(profile.education, "; "), "\n",
      "Experience: ", JoinOrNotStated(profile.experience, "; "), "\n",
      "Preferred locations: ", JoinOrNotStated(profile.locations, "; "), "\n",
      "Remote work: ", RenderProfileRemote(profile.remote), "\n",
      "Salary wish: ", RenderSalary(profile.salary, /*is_wish=*/true));
}

std::string RenderPosting(const PostingInput& posting, int description_max_chars) {
  const std::string description =
      CutAtWordBoundary(std::string(absl::StripAsciiWhitespace(posting.description)),
                        static_cast<size_t>(std::max(0, description_max_chars)));
  const std::string body = DefuseDelimiters(absl::StrCat(
      "Title: ", OrNotStated(posting.title), "\n",
      "Company: ", OrNotStated(posting.company), "\n",
      "Location: ", OrNotStated(posting.location), "\n",
      "Salary: ", RenderSalary(posting.salary, /*is_wish=*/false), "\n",
      "Remote work: ", RenderPostingRemote(posting.remote), "\n",
      "Description:\n", description.empty() ? kNotStated : description));
  return absl::StrCat(kPostingOpen, "\n", body, "\n", kPostingClose);
}

std::vector<RatingExample> SelectCalibration(const std::vector<RatingExample>& ratings,
                                             int max_tokens) {
  std::vector<RatingExample> candidates;
  for (const auto& rating : ratings) {
    if (rating.rating >= 1 && rating.rating <= 10) candidates.push_back(rating);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const RatingExample& a, const RatingExample& b) {
                     return Informativeness(a) > Informativeness(b);
                   });
  std::vector<RatingExample> selected;
  size_t used = 0;
  for (auto& rating : candidates) {
    const size_t tokens = EstimatedTokens(RenderRating(rating)) + 1;  // + the newline
    if (used + tokens > static_cast<size_t>(std::max(0, max_tokens))) continue;
    used += tokens;
    selected.push_back(std::move(rating));
  }
  return selected;
}

std::string RenderCalibration(const std::vector<RatingExample>& ratings, int max_tokens) {
  const std::vector<RatingExample> selected = SelectCalibration(ratings, max_tokens);
  if (selected.empty()) return "(no earlier ratings)";
  std::vector<std::string> lines;
  for (const auto& rating : selected) lines.push_back(RenderRating(rating));
  return absl::StrJoin(lines, "\n");
}

absl::StatusOr<Prompt> RenderScoringPrompt(const PromptTemplate& tmpl, const ProfileInput& profile,
                                           const PostingInput& posting,
                                           const std::vector<RatingExample>& ratings,
                                           const RenderOptions& options) {
  JOBREC_RETURN_IF_ERROR(CheckKind(tmpl, kScoreKind));
  // The profile and the comments are the user's own text, but they are defused as well so
  // that nothing outside the posting block can pose as one.
  return RenderBoth(
      tmpl, {{"profile", DefuseDelimiters(RenderProfile(profile))},
             {"posting", RenderPosting(posting, options.description_max_chars)},
             {"calibration",
              DefuseDelimiters(RenderCalibration(ratings, options.calibration_max_tokens))}});
}

absl::StatusOr<Prompt> RenderIdealPostingsPrompt(const PromptTemplate& tmpl,
                                                 const ProfileInput& profile, int count) {
  JOBREC_RETURN_IF_ERROR(CheckKind(tmpl, kIdealPostingsKind));
  return RenderBoth(tmpl, {{"profile", RenderProfile(profile)}, {"count", absl::StrCat(count)}});
}

absl::StatusOr<Prompt> RenderSearchKeywordsPrompt(const PromptTemplate& tmpl,
                                                  const ProfileInput& profile, int max_keywords) {
  JOBREC_RETURN_IF_ERROR(CheckKind(tmpl, kSearchKeywordsKind));
  return RenderBoth(tmpl, {{"profile", RenderProfile(profile)},
                           {"max_keywords", absl::StrCat(max_keywords)}});
}

absl::StatusOr<std::string> RenderRepairMessage(const PromptTemplate& tmpl,
                                                const std::string& error) {
  JOBREC_RETURN_IF_ERROR(CheckKind(tmpl, kRepairKind));
  return tmpl.Render("user", {{"error", error}});
}

}  // namespace jobrec::llm
