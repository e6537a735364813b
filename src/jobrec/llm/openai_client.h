// LlmClient for the OpenAI Chat Completions API and every server that speaks it (OpenAI,
// Azure OpenAI, Ollama, vLLM, llama.cpp server, OpenRouter, Mistral, Groq): POST
// {base_url}/chat/completions with the system prompt as the first message.
//
// The reply's shape is requested per llm.structured_output: json_schema sends
// response_format {type: json_schema, json_schema: {name, description, strict: true, schema}};
// json_object sends response_format {type: json_object} and puts the schema into the system
// prompt; prompt sends no response_format, only the instruction. The reply is read from
// choices[0].message.content; message.refusal and finish_reason content_filter are refusals,
// finish_reason length is a truncation; usage.prompt_tokens / completion_tokens are the usage.
//
// Thread-safety: safe to share; holds no mutable state besides the shared HttpClient.
#pragma once

#include <memory>
#include <string>

#include "jobrec/common/http_client.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/llm_options.h"

namespace jobrec::llm {

class OpenAiClient final : public LlmClient {
 public:
  // `options.provider` is ignored; the other fields are used as documented in llm_options.h.
  OpenAiClient(const LlmOptions& options, std::shared_ptr<common::HttpClient> http);

  absl::StatusOr<ModelReply> Complete(const StructuredRequest& request) override;
  const std::string& Provider() const override { return provider_; }
  const std::string& Model() const override { return options_.model; }

  // The request body Complete() sends (exposed for tests and debugging).
  nlohmann::json RequestBody(const StructuredRequest& request) const;

 private:
  absl::StatusOr<ModelReply> ParseReply(const common::HttpResponse& response) const;

  const std::string provider_ = "openai";
  LlmOptions options_;
  std::string url_;
  std::string max_tokens_field_;
  std::shared_ptr<common::HttpClient> http_;
};

// The instruction appended to the system prompt when the server does not enforce the schema.
std::string SchemaInstruction(const ReplySchema& reply);

}  // namespace jobrec::llm
