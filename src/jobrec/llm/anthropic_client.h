// LlmClient for the Anthropic Messages API: POST {base_url}/v1/messages with x-api-key and
// anthropic-version: 2023-06-01. Structured output is a forced tool call: one tool whose
// input_schema is the reply schema (named after it, e.g. record_score) and tool_choice
// {type: tool, name}; the reply is that tool_use block's input. usage.input_tokens /
// output_tokens are the usage; stop_reason max_tokens is a truncation, refusal a refusal;
// {type: error, error: {type, message}} bodies (overloaded_error on 529, rate_limit_error on
// 429, …) become statuses once the HTTP client's retries are spent.
//
// Thread-safety: safe to share; holds no mutable state besides the shared HttpClient.
#pragma once

#include <memory>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/llm_options.h"

namespace jobrec::llm {

inline constexpr char kAnthropicVersion[] = "2023-06-01";

class AnthropicClient final : public LlmClient {
 public:
  // Uses base_url, api_key, model, timeout, max_output_tokens and temperature.
  AnthropicClient(const LlmOptions& options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<ModelReply> Complete(const StructuredRequest& request) override;
  const std::string& Provider() const override { return provider_; }
  const std::string& Model() const override { return options_.model; }

  // The request body Complete() sends (exposed for tests and debugging).
  nlohmann::json RequestBody(const StructuredRequest& request) const;

 private:
  absl::StatusOr<ModelReply> ParseReply(const common::HttpResponse& response,
                                        const std::string& tool_name) const;

  const std::string provider_ = "anthropic";
  LlmOptions options_;
  std::string url_;
  std::shared_ptr<common::HttpClient> http_;
};

}  // namespace jobrec::llm
