#include "jobrec/llm/llm_factory.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/llm/anthropic_client.h"
#include "jobrec/llm/openai_client.h"
#include "jobrec/llm/rate_limited_client.h"

namespace jobrec::llm {
namespace {

bool NeedsApiKey(const LlmOptions& options) {
  return options.provider == "anthropic" || IsOpenAiPlatform(EffectiveBaseUrl(options));
}

// Unavailable naming the settings still missing; OK when complete.
absl::Status CheckConfigured(const LlmOptions& options) {
  std::vector<std::string> missing;
  if (options.provider.empty()) {
    missing.push_back("JOBREC_LLM_PROVIDER (openai or anthropic)");
  } else if (options.provider != "openai" && options.provider != "anthropic") {
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'llm.provider': expected openai or anthropic; got '", options.provider, "'"));
  }
  if (options.model.empty()) missing.push_back("JOBREC_LLM_MODEL");
  if (options.api_key.empty() && (options.provider.empty() || NeedsApiKey(options))) {
    missing.push_back("JOBREC_LLM_API_KEY");
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      "LLM engine not configured: set ", absl::StrJoin(missing, ", "),
      " (and JOBREC_LLM_BASE_URL for a server other than the provider's default)"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<LlmClient>> NewLlmClient(const LlmOptions& options,
                                                        std::shared_ptr<common::HttpClient> http) {
  JOBREC_RETURN_IF_ERROR(CheckConfigured(options));
  if (http == nullptr) {
    common::HttpClientOptions http_options;
    http_options.per_host_concurrency = std::max(http_options.per_host_concurrency,
                                                 options.max_concurrency);
    http = common::NewCurlHttpClient(http_options);
  }
  std::shared_ptr<LlmClient> client;
  if (options.provider == "anthropic") {
    client = std::make_shared<AnthropicClient>(options, std::move(http));
  } else {
    client = std::make_shared<OpenAiClient>(options, std::move(http));
  }
  if (options.requests_per_minute > 0) {
    client = std::make_shared<RateLimitedClient>(std::move(client), options.requests_per_minute,
                                                 options.max_concurrency);
  }
  return client;
}

absl::StatusOr<LlmRuntime> NewLlmRuntime(const LlmOptions& options,
                                         std::shared_ptr<common::HttpClient> http) {
  LlmRuntime runtime;
  JOBREC_ASSIGN_OR_RETURN(runtime.client, NewLlmClient(options, std::move(http)));
  JOBREC_ASSIGN_OR_RETURN(PromptLibrary library, PromptLibrary::Embedded());
  auto shared_library = std::make_shared<const PromptLibrary>(std::move(library));
  runtime.pricing = options.pricing;
  JOBREC_ASSIGN_OR_RETURN(
      runtime.scorer,
      Scorer::Create(runtime.client, shared_library,
                     {.prompt_version = options.prompt_version,
                      .render = {.description_max_chars = options.description_max_chars,
                                 .calibration_max_tokens = options.calibration_max_tokens},
                      .max_output_tokens = options.max_output_tokens,
                      .pricing = options.pricing}));
  JOBREC_ASSIGN_OR_RETURN(runtime.generator,
                          Generator::Create(runtime.client, shared_library,
                                            {.max_output_tokens = options.max_output_tokens,
                                             .pricing = options.pricing}));
  runtime.executor = std::make_shared<const ScoringExecutor>(runtime.scorer, options.max_concurrency);
  return runtime;
}

}  // namespace jobrec::llm
