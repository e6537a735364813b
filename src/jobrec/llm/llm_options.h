// Options of the LLM layer, their configuration keys (llm.*) and the reading of them.
//
// Keys (environment variable JOBREC_LLM_<KEY>):
//   llm.provider            "" (not configured: the LLM engine is unavailable) | openai | anthropic
//   llm.base_url            "" = https://api.openai.com/v1 or https://api.anthropic.com.
//                           openai covers every OpenAI-compatible server: Ollama
//                           (http://localhost:11434/v1), vLLM and llama.cpp server
//                           (http://host:8000/v1), OpenRouter (https://openrouter.ai/api/v1),
//                           Mistral (https://api.mistral.ai/v1), Groq
//                           (https://api.groq.com/openai/v1), Azure OpenAI (see below).
//   llm.api_key             SECRET, environment only (JOBREC_LLM_API_KEY). Required for
//                           anthropic and for api.openai.com; optional for local servers.
//   llm.model               model name (Azure: the deployment name)
//   llm.timeout             per HTTP attempt, default 60s
//   llm.max_concurrency     calls in flight per scoring batch, default 8
//   llm.requests_per_minute client-side token-bucket limit per provider client, 0 = none
//   llm.price_input_per_mtok, llm.price_output_per_mtok   USD per million tokens, default 0
//   llm.structured_output   json_schema (default) | json_object | prompt — openai only: how the
//                           reply's shape is requested from servers that lack json_schema
//   llm.description_max_chars  posting description cut (word boundary), default 6000
//   llm.auth_header         bearer (default: Authorization: Bearer) | api-key (Azure's header)
//   llm.api_version         "" | e.g. 2024-10-21: appended as ?api-version= (Azure dated API)
//   llm.max_tokens_param    auto | max_tokens | max_completion_tokens (openai). auto picks
//                           max_completion_tokens for api.openai.com, max_tokens elsewhere
//                           (Mistral, llama.cpp and older vLLM only know max_tokens)
//   llm.max_output_tokens   default 1000
//   llm.temperature         default 0
//   llm.calibration_max_tokens  budget for the user's ratings in the prompt (chars/4), default 600
//   llm.prompt_version      scoring template, default score-v1
//   llm.candidates          postings a scoring run asks the LLM about when the request names no
//                           limit: the top K of the fast retrieval, default 50
//   llm.daily_budget_per_user  USD one user's scoring may spend per UTC day, default 1.00;
//                           0 = no limit. A run that reaches it ends in state budget_exhausted
//   llm.ideal_postings      default true: when the LLM is configured, saving a profile queues
//                           the llm.ideal_postings task (tasks/ideal_postings_task.h), whose
//                           postings the fastText engine folds into the profile vector
//   llm.ideal_postings_count  postings generated per profile version, default 3 (1..10)
//   llm.ideal_postings_weight share of the ideal postings' mean vector in the fastText query,
//                           default 0.3 (rank/ideal_postings.h); 0 = not folded in
//
// Azure OpenAI: with the v1 API set llm.base_url=https://RESOURCE.openai.azure.com/openai/v1
// and llm.model=DEPLOYMENT; with a dated API version set
// llm.base_url=https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT and
// llm.api_version=2024-10-21. Either way llm.auth_header=api-key sends the key as `api-key:`.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"
#include "jobrec/llm/cost.h"

namespace jobrec::llm {

enum class StructuredOutput { kJsonSchema, kJsonObject, kPrompt };
enum class AuthHeader { kBearer, kApiKey };
enum class MaxTokensParam { kAuto, kMaxTokens, kMaxCompletionTokens };

struct LlmOptions {
  std::string provider;  // "" | "openai" | "anthropic"
  std::string base_url;  // "" = the provider's default
  std::string api_key;
  std::string model;
  std::chrono::milliseconds timeout{60'000};
  int max_concurrency = 8;
  int requests_per_minute = 0;
  Pricing pricing;
  StructuredOutput structured_output = StructuredOutput::kJsonSchema;
  int description_max_chars = 6000;
  AuthHeader auth_header = AuthHeader::kBearer;
  std::string api_version;
  MaxTokensParam max_tokens_param = MaxTokensParam::kAuto;
  int max_output_tokens = 1000;
  double temperature = 0.0;
  int calibration_max_tokens = 600;
  std::string prompt_version = "score-v1";
  int candidates = 50;
  double daily_budget_per_user = 1.0;  // USD; 0 = no limit
  bool ideal_postings = true;
  int ideal_postings_count = 3;
  double ideal_postings_weight = 0.3;
};

inline constexpr char kDefaultOpenAiBaseUrl[] = "https://api.openai.com/v1";
inline constexpr char kDefaultAnthropicBaseUrl[] = "https://api.anthropic.com";

std::vector<common::ConfigKey> LlmConfigKeys();
// Reads the llm.* keys of a loaded Config (declared with LlmConfigKeys()).
LlmOptions LlmOptionsFromConfig(const common::Config& config);

// The base URL in effect: the configured one without trailing slashes, else the default.
std::string EffectiveBaseUrl(const LlmOptions& options);
// Whether `base_url` is OpenAI's own platform (which needs a key and max_completion_tokens).
bool IsOpenAiPlatform(const std::string& base_url);

}  // namespace jobrec::llm
