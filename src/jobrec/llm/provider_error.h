// Turning what an LLM provider answered, when it was not a reply, into a Status whose message
// a person can act on, without ever carrying the API key (providers sometimes echo a
// malformed key back in their error message).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::llm {

// `text` with every occurrence of `secret` replaced by "[redacted]" (unchanged when the
// secret is empty).
std::string Redact(std::string text, const std::string& secret);

// "type: message" from an error object in any of the shapes the supported servers use:
// OpenAI {"error": {"message", "type", "code"}}, Anthropic {"type": "error", "error": {"type",
// "message"}}, Ollama/llama.cpp {"error": "text"}; "" when `body` has none.
std::string ErrorObjectText(const nlohmann::json& body);

// The status for a non-2xx response (after the HTTP client's retries): 400 InvalidArgument,
// 401 Unauthenticated, 403 PermissionDenied, 404 NotFound, 408 DeadlineExceeded, 413
// InvalidArgument, 429 ResourceExhausted, 5xx and 529 Unavailable, anything else Unknown.
// The message is "<provider>: HTTP <code>: <error text or body start>", key redacted, short.
absl::Status HttpErrorStatus(const std::string& provider, const common::HttpResponse& response,
                             const std::string& api_key);

// A transport error of the HTTP client, with the provider named and the key redacted.
absl::Status TransportErrorStatus(const std::string& provider, const absl::Status& status,
                                  const std::string& api_key);

}  // namespace jobrec::llm
