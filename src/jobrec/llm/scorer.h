// Scores one (profile, posting) pair with the LLM: renders the versioned prompt, makes the
// structured call (with its one repair) and prices the usage. The batch runner
// (scoring_executor.h) calls it from several threads; the lead's code can also call it
// directly for a single posting.
//
// Thread-safety: immutable after Create(); BuildPrompt() and Score() are safe to call
// concurrently.
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

struct ScoringRequest {
  std::shared_ptr<const ProfileInput> profile;  // shared by every item of a batch
  PostingInput posting;
  // The user's past ratings, newest first, shared by the batch; may be null.
  std::shared_ptr<const std::vector<RatingExample>> ratings;
};

struct ScoringPrompt {
  Prompt prompt;
  // Fingerprint of provider, model, prompt version and the rendered prompt: equal keys mean
  // the model would be asked exactly the same question. Adding a rating changes the
  // calibration block and so the key of every posting of that user.
  std::string cache_key;
};

struct ScoreOutcome {
  // Errors as StructuredOutcome::value (budget_refused tells a budget stop from a failure).
  absl::StatusOr<ScoreResult> result = absl::UnknownError("not scored");
  Usage usage;  // every call, including a failed first reply and the repair
  double cost_usd = 0;
  int calls = 0;
  bool repaired = false;
  bool budget_refused = false;
  std::string model;
  std::string prompt_version;
};

struct ScorerOptions {
  std::string prompt_version = "score-v1";
  std::string repair_version = "repair-v1";
  RenderOptions render;
  int max_output_tokens = 1000;
  Pricing pricing;
};

class Scorer {
 public:
  // NotFound when a template version is not in the library; InvalidArgument when one is of
  // the wrong kind.
  static absl::StatusOr<std::unique_ptr<Scorer>> Create(std::shared_ptr<LlmClient> client,
                                                        std::shared_ptr<const PromptLibrary> library,
                                                        ScorerOptions options);

  // The prompt of one request and its cache key (pure and cheap: no provider call).
  // InvalidArgument when the request has no profile.
  absl::StatusOr<ScoringPrompt> BuildPrompt(const ScoringRequest& request) const;
  // One scoring: never throws, never invents a score; `cancelled` may be null.
  ScoreOutcome Score(const ScoringPrompt& prompt, const CallAccounting& accounting,
                     const std::atomic<bool>* cancelled) const;

  const std::string& PromptVersion() const { return options_.prompt_version; }
  const Pricing& pricing() const { return options_.pricing; }
  const LlmClient& client() const { return caller_.client(); }

 private:
  Scorer(std::shared_ptr<const PromptLibrary> library, const PromptTemplate* score,
         StructuredCaller caller, ScorerOptions options);

  std::shared_ptr<const PromptLibrary> library_;  // owns the templates below
  const PromptTemplate* score_;
  StructuredCaller caller_;
  ScorerOptions options_;
};

}  // namespace jobrec::llm
