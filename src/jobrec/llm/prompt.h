// The prompts of the LLM layer: the library of versioned templates compiled into the binary
// (prompts/*.txt, see prompts/README.md) and the rendering of profiles, postings and past
// ratings into their placeholders.
//
// Prompt-injection hygiene: a posting is untrusted data. It is rendered between
// kPostingOpen and kPostingClose, any occurrence of those tags inside its text is defused, and
// the score template tells the model to treat the tagged text as data only.
//
// Thread-safety: a loaded PromptLibrary is immutable; the free functions are pure.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/llm/inputs.h"
#include "jobrec/llm/prompt_template.h"

namespace jobrec::llm {

inline constexpr char kPostingOpen[] = "<job_posting>";
inline constexpr char kPostingClose[] = "</job_posting>";

// A rendered prompt and the template version it came from.
struct Prompt {
  std::string version;
  std::string system;
  std::string user;
};

class PromptLibrary {
 public:
  // The templates compiled into the binary. InvalidArgument (naming the file and line) when
  // one does not parse, uses a placeholder its kind does not know, lacks a section its kind
  // needs, or has an unknown kind.
  static absl::StatusOr<PromptLibrary> Embedded();
  // Templates from (version, text) pairs, with the same checks (tests, custom sets).
  static absl::StatusOr<PromptLibrary> FromTexts(
      const std::vector<std::pair<std::string, std::string>>& files);

  // NotFound naming the known versions when `version` is not in the library.
  absl::StatusOr<const PromptTemplate*> Find(const std::string& version) const;
  // As Find(version), plus InvalidArgument when the template is not of `kind`.
  absl::StatusOr<const PromptTemplate*> Find(const std::string& version, const char* kind) const;
  std::vector<std::string> Versions() const;

 private:
  std::map<std::string, PromptTemplate> templates_;
};

// Template kinds and what each renders from.
inline constexpr char kScoreKind[] = "score";
inline constexpr char kIdealPostingsKind[] = "ideal-postings";
inline constexpr char kSearchKeywordsKind[] = "search-keywords";
inline constexpr char kRepairKind[] = "repair";
inline constexpr char kCommentReasonsKind[] = "comment-reasons";  // comment_reasons.h
// "score" for "score-v1"; "" when the version is not "<kind>-v<digits>".
std::string KindOfVersion(const std::string& version);

struct RenderOptions {
  int description_max_chars = 6000;
  int calibration_max_tokens = 600;  // estimated as chars / 4
};

// Rewrites any "<tag" / "</tag" (any case) inside untrusted text to "[tag" / "[/tag", so the
// text cannot close the data block it is rendered in early or open a fake one.
std::string DefuseTag(std::string text, const std::string& tag);

// `text` cut to at most `max_chars` bytes at the last whitespace (or, with none in the second
// half, at a UTF-8 character boundary), followed by a visible " [...]" marker.
std::string CutAtWordBoundary(const std::string& text, size_t max_chars);
std::string RenderProfile(const ProfileInput& profile);
// The posting between kPostingOpen and kPostingClose, description cut to `description_max_chars`.
std::string RenderPosting(const PostingInput& posting, int description_max_chars);
// The ratings worth showing, most informative first (the extremes of the scale and those with
// a comment; "applied" / "not interested" add a little), as many as fit `max_tokens`.
// Ratings outside 1..10 are skipped. Ties keep the input order (callers pass newest first).
std::vector<RatingExample> SelectCalibration(const std::vector<RatingExample>& ratings,
                                             int max_tokens);
std::string RenderCalibration(const std::vector<RatingExample>& ratings, int max_tokens);

// Renders a template of the matching kind; InvalidArgument when `tmpl` is of another kind.
absl::StatusOr<Prompt> RenderScoringPrompt(const PromptTemplate& tmpl, const ProfileInput& profile,
                                           const PostingInput& posting,
                                           const std::vector<RatingExample>& ratings,
                                           const RenderOptions& options);
absl::StatusOr<Prompt> RenderIdealPostingsPrompt(const PromptTemplate& tmpl,
                                                 const ProfileInput& profile, int count);
absl::StatusOr<Prompt> RenderSearchKeywordsPrompt(const PromptTemplate& tmpl,
                                                  const ProfileInput& profile, int max_keywords);
absl::StatusOr<std::string> RenderRepairMessage(const PromptTemplate& tmpl,
                                                const std::string& error);

}  // namespace jobrec::llm
