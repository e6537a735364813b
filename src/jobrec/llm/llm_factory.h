// Builds the LLM layer from its options: the provider client (with the client-side rate
// limit), the scorer, the generator and the batch executor. An unconfigured provider is not
// an error of the program: the factory says Unavailable and names what to set, and the API's
// engine list shows that message.
#pragma once

#include <memory>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"
#include "jobrec/llm/generator.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/llm_options.h"
#include "jobrec/llm/scorer.h"
#include "jobrec/llm/scoring_executor.h"

namespace jobrec::llm {

// The provider client for `options`, wrapped in the rate limiter when requests_per_minute > 0.
// `http` null: a libcurl client whose per-host limit admits max_concurrency calls.
// Unavailable (naming JOBREC_LLM_PROVIDER, JOBREC_LLM_MODEL and, when missing and needed,
// JOBREC_LLM_API_KEY) when the provider, the model or a required key is not configured.
// The key is required for anthropic and for api.openai.com, optional for other servers.
absl::StatusOr<std::shared_ptr<LlmClient>> NewLlmClient(
    const LlmOptions& options, std::shared_ptr<common::HttpClient> http = nullptr);

// Everything a caller of the LLM engine needs, sharing one client (and so one rate limit).
struct LlmRuntime {
  std::shared_ptr<LlmClient> client;
  std::shared_ptr<const Scorer> scorer;
  std::shared_ptr<const Generator> generator;
  std::shared_ptr<const ScoringExecutor> executor;
  Pricing pricing;
};

// Errors of NewLlmClient, plus NotFound / InvalidArgument for a bad llm.prompt_version.
absl::StatusOr<LlmRuntime> NewLlmRuntime(const LlmOptions& options,
                                         std::shared_ptr<common::HttpClient> http = nullptr);

}  // namespace jobrec::llm
