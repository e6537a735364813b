#include "jobrec/llm/llm_options.h"

namespace jobrec::llm {

using common::ConfigKey;
using common::ConfigType;

std::vector<ConfigKey> LlmConfigKeys() {
  return {
      {.name = "llm.provider", .type = ConfigType::kEnum, .default_value = "",
       .help = "LLM provider: '' (LLM engine off), openai (any OpenAI-compatible server), anthropic",
       .choices = {"", "openai", "anthropic"}},
      {.name = "llm.base_url", .default_value = "",
       .help = "API base URL; '' = https://api.openai.com/v1 or https://api.anthropic.com"},
      {.name = "llm.api_key", .default_value = "", .help = "LLM provider API key",
       .secret = true},
      {.name = "llm.model", .default_value = "", .help = "model name (Azure: deployment name)"},
      {.name = "llm.timeout", .type = ConfigType::kDuration, .default_value = "60s",
       .help = "timeout of one HTTP attempt to the LLM provider", .min = 1, .max = 3600},
      {.name = "llm.max_concurrency", .type = ConfigType::kInt, .default_value = "8",
       .help = "LLM calls in flight per scoring batch", .min = 1, .max = 256},
      {.name = "llm.requests_per_minute", .type = ConfigType::kInt, .default_value = "0",
       .help = "client-side rate limit of LLM calls; 0 = none", .min = 0, .max = 1'000'000},
      {.name = "llm.price_input_per_mtok", .type = ConfigType::kDouble, .default_value = "0",
       .help = "USD per million input tokens", .min = 0, .max = 10'000},
      {.name = "llm.price_output_per_mtok", .type = ConfigType::kDouble, .default_value = "0",
       .help = "USD per million output tokens", .min = 0, .max = 10'000},
      {.name = "llm.structured_output", .type = ConfigType::kEnum, .default_value = "json_schema",
       .help = "openai: json_schema | json_object | prompt (instructions + validation only)",
       .choices = {"json_schema", "json_object", "prompt"}},
      {.name = "llm.description_max_chars", .type = ConfigType::kInt, .default_value = "6000",
       .help = "posting description length sent to the LLM (cut on a word boundary)",
       .min = 200, .max = 200'000},
      {.name = "llm.auth_header", .type = ConfigType::kEnum, .default_value = "bearer",
       .help = "openai: bearer (Authorization: Bearer) | api-key (Azure OpenAI)",
       .choices = {"bearer", "api-key"}},
      {.name = "llm.api_version", .default_value = "",
       .help = "appended as ?api-version= (Azure OpenAI dated API versions)"},
      {.name = "llm.max_tokens_param", .type = ConfigType::kEnum, .default_value = "auto",
       .help = "openai: auto | max_tokens | max_completion_tokens",
       .choices = {"auto", "max_tokens", "max_completion_tokens"}},
      {.name = "llm.max_output_tokens", .type = ConfigType::kInt, .default_value = "1000",
       .help = "output token limit of one LLM call", .min = 16, .max = 200'000},
      {.name = "llm.temperature", .type = ConfigType::kDouble, .default_value = "0",
       .help = "sampling temperature", .min = 0, .max = 2},
      {.name = "llm.calibration_max_tokens", .type = ConfigType::kInt, .default_value = "600",
       .help = "prompt budget for the user's past ratings (estimated as chars/4)", .min = 0,
       .max = 100'000},
      {.name = "llm.prompt_version", .default_value = "score-v1",
       .help = "scoring prompt template (embedded in the binary)"},
      {.name = "llm.candidates", .type = ConfigType::kInt, .default_value = "50",
       .help = "postings of the fast retrieval a scoring run sends to the LLM by default",
       .min = 1, .max = 500},
      {.name = "llm.daily_budget_per_user", .type = ConfigType::kDouble, .default_value = "1",
       .help = "USD one user's LLM scoring may spend per UTC day; 0 = no limit", .min = 0,
       .max = 1'000'000},
      {.name = "llm.ideal_postings", .type = ConfigType::kBool, .default_value = "true",
       .help = "generate ideal postings from each saved profile and fold them into the fastText query"},
      {.name = "llm.ideal_postings_count", .type = ConfigType::kInt, .default_value = "3",
       .help = "ideal postings generated per profile version", .min = 1, .max = 10},
      {.name = "llm.ideal_postings_weight", .type = ConfigType::kDouble, .default_value = "0.3",
       .help = "share of the ideal postings' vector in the fastText query; 0 = not folded in", .min = 0,
       .max = 1},
  };
}

LlmOptions LlmOptionsFromConfig(const common::Config& config) {
  LlmOptions options;
  options.provider = config.GetString("llm.provider");
  options.base_url = config.GetString("llm.base_url");
  options.api_key = config.GetString("llm.api_key");
  options.model = config.GetString("llm.model");
  options.timeout = config.GetDuration("llm.timeout");
  options.max_concurrency = static_cast<int>(config.GetInt("llm.max_concurrency"));
  options.requests_per_minute = static_cast<int>(config.GetInt("llm.requests_per_minute"));
  options.pricing.input_per_mtok = config.GetDouble("llm.price_input_per_mtok");
  options.pricing.output_per_mtok = config.GetDouble("llm.price_output_per_mtok");
  const std::string& structured = config.GetString("llm.structured_output");
  options.structured_output = structured == "json_object" ? StructuredOutput::kJsonObject
                              : structured == "prompt"    ? StructuredOutput::kPrompt
                                                          : StructuredOutput::kJsonSchema;
  options.description_max_chars = static_cast<int>(config.GetInt("llm.description_max_chars"));
  options.auth_header = config.GetString("llm.auth_header") == "api-key" ? AuthHeader::kApiKey
                                                                         : AuthHeader::kBearer;
  options.api_version = config.GetString("llm.api_version");
  const std::string& param = config.GetString("llm.max_tokens_param");
  options.max_tokens_param = param == "max_tokens"              ? MaxTokensParam::kMaxTokens
                             : param == "max_completion_tokens" ? MaxTokensParam::kMaxCompletionTokens
                                                                : MaxTokensParam::kAuto;
  options.max_output_tokens = static_cast<int>(config.GetInt("llm.max_output_tokens"));
  options.temperature = config.GetDouble("llm.temperature");
  options.calibration_max_tokens = static_cast<int>(config.GetInt("llm.calibration_max_tokens"));
  options.prompt_version = config.GetString("llm.prompt_version");
  options.candidates = static_cast<int>(config.GetInt("llm.candidates"));
  options.daily_budget_per_user = config.GetDouble("llm.daily_budget_per_user");
  options.ideal_postings = config.GetBool("llm.ideal_postings");
  options.ideal_postings_count = static_cast<int>(config.GetInt("llm.ideal_postings_count"));
  options.ideal_postings_weight = config.GetDouble("llm.ideal_postings_weight");
  return options;
}

std::string EffectiveBaseUrl(const LlmOptions& options) {
  std::string url = options.base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty()) return url;
  return options.provider == "anthropic" ? kDefaultAnthropicBaseUrl : kDefaultOpenAiBaseUrl;
}

bool IsOpenAiPlatform(const std::string& base_url) {
  return base_url.rfind("https://api.openai.com", 0) == 0;
}

}  // namespace jobrec::llm
