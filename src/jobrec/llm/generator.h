// Other generation tasks of the LLM engine (client side of issue item 6): short postings of
// the user's ideal job (used as search queries against the embedding index) and keywords for
// a job board search (Adzuna what_or / what_exclude). Same structured call, validation and one
// repair as scoring.
//
// Thread-safety: immutable after Create(); the calls are safe to run concurrently.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/llm/cost.h"
#include "jobrec/llm/inputs.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/prompt.h"
#include "jobrec/llm/schemas.h"
#include "jobrec/llm/structured_call.h"

namespace jobrec::llm {

struct GeneratorOptions {
  std::string ideal_postings_version = "ideal-postings-v1";
  std::string search_keywords_version = "search-keywords-v1";
  std::string comment_reasons_version = "comment-reasons-v1";
  std::string repair_version = "repair-v1";
  int max_output_tokens = 1000;
  int max_keywords = 10;  // per list
  Pricing pricing;
};

// What a generation cost and which model and prompt made it.
struct GenerationInfo {
  Usage usage;
  double cost_usd = 0;
  int calls = 0;
  bool repaired = false;
  std::string model;
  std::string prompt_version;
};

struct IdealPostings {
  std::vector<std::string> postings;
  GenerationInfo info;
};

struct KeywordSet {
  SearchKeywords keywords;
  GenerationInfo info;
};

// Names from comment_reasons.h's CommentReasonNames().
struct CommentReasons {
  std::vector<std::string> reasons;
  GenerationInfo info;
};

inline constexpr int kMaxIdealPostings = 10;

class Generator {
 public:
  // NotFound / InvalidArgument as Scorer::Create for the three template versions.
  static absl::StatusOr<std::unique_ptr<Generator>> Create(
      std::shared_ptr<LlmClient> client, std::shared_ptr<const PromptLibrary> library,
      GeneratorOptions options);

  // `count` postings (1..kMaxIdealPostings, else InvalidArgument). Other errors as
  // StructuredOutcome::value; the usage of failed calls is still committed to `accounting`.
  absl::StatusOr<IdealPostings> GenerateIdealPostings(const ProfileInput& profile, int count,
                                                      const CallAccounting& accounting = {},
                                                      const std::atomic<bool>* cancelled = nullptr) const;
  absl::StatusOr<KeywordSet> GenerateSearchKeywords(const ProfileInput& profile,
                                                    const CallAccounting& accounting = {},
                                                    const std::atomic<bool>* cancelled = nullptr) const;
  // The reasons a review comment gives (comment_reasons.h). NotFound / InvalidArgument when
  // options.comment_reasons_version is missing or of another kind; other errors as above.
  absl::StatusOr<CommentReasons> ExtractCommentReasons(const std::string& comment,
                                                       const CallAccounting& accounting = {},
                                                       const std::atomic<bool>* cancelled = nullptr) const;

 private:
  Generator(std::shared_ptr<const PromptLibrary> library, const PromptTemplate* ideal,
            const PromptTemplate* keywords, StructuredCaller caller, GeneratorOptions options);

  // The structured call of `prompt`; `info` is filled whatever the outcome.
  StructuredOutcome Run(const Prompt& prompt, ReplySchema reply, const ReplyCheck& check,
                        const CallAccounting& accounting, const std::atomic<bool>* cancelled,
                        GenerationInfo& info) const;

  std::shared_ptr<const PromptLibrary> library_;  // owns the templates below
  const PromptTemplate* ideal_;
  const PromptTemplate* keywords_;
  StructuredCaller caller_;
  GeneratorOptions options_;
};

}  // namespace jobrec::llm
