// The provider-neutral interface every LLM backend implements: one call that sends a system
// prompt and a conversation and asks for a reply conforming to a JSON Schema. Each provider
// uses its own structured-output mechanism (OpenAI json_schema response_format, Anthropic a
// forced tool call); callers see the reply as JSON text plus token usage and never the wire
// format. Parsing, validation and repair of the reply happen above (structured_call.h).
//
// Thread-safety: implementations are safe to call from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"

namespace jobrec::llm {

struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;

  Usage& operator+=(const Usage& other) {
    input_tokens += other.input_tokens;
    output_tokens += other.output_tokens;
    return *this;
  }
  friend bool operator==(const Usage&, const Usage&) = default;
};

struct ChatMessage {
  enum class Role { kUser, kAssistant };
  Role role = Role::kUser;
  std::string content;
};

// The JSON Schema a reply must conform to. `name` is the OpenAI json_schema name and the
// Anthropic tool name ([A-Za-z0-9_-]{1,64}).
struct ReplySchema {
  std::string name;
  std::string description;
  nlohmann::json schema;
};

struct StructuredRequest {
  std::string system;
  std::vector<ChatMessage> messages;  // alternating, starting and ending with kUser
  ReplySchema reply;
  // When set and becoming true the call is abandoned (in flight or while waiting for the rate
  // limiter) and returns Cancelled.
  const std::atomic<bool>* cancelled = nullptr;
};

enum class StopReason {
  kComplete,   // the model finished its reply
  kTruncated,  // cut at the output token limit: the JSON is most likely incomplete
  kRefused,    // the model declined (OpenAI refusal, content filter, Anthropic "refusal")
};

struct ModelReply {
  // The structured reply as JSON text: the message content (OpenAI), the serialised tool
  // input (Anthropic). Not yet parsed or validated; may be wrapped in prose or code fences
  // when the provider has no enforced structured output.
  std::string text;
  StopReason stop = StopReason::kComplete;
  std::string refusal;  // the model's explanation when stop == kRefused
  Usage usage;          // as reported by the provider (zero when it reports none)
  std::string model;    // as reported by the provider, else the configured model
};

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // One provider call (with the HTTP client's retries on 429/5xx). A reply that the provider
  // delivered is OK even when truncated or refused (its usage is billed). Errors:
  // InvalidArgument (400), Unauthenticated/PermissionDenied (401/403), NotFound (404: model
  // or deployment), ResourceExhausted (429 after retries), Unavailable (5xx, 529 overloaded,
  // connection failures), DeadlineExceeded (timeout), Cancelled, Internal (a 2xx body that is
  // not the provider's reply shape). Messages never contain the API key.
  virtual absl::StatusOr<ModelReply> Complete(const StructuredRequest& request) = 0;
  // "openai" | "anthropic".
  virtual const std::string& Provider() const = 0;
  // The configured model name.
  virtual const std::string& Model() const = 0;
};

}  // namespace jobrec::llm
