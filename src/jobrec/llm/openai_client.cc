#include "jobrec/llm/openai_client.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "jobrec/llm/json_fields.h"
#include "jobrec/llm/provider_error.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

constexpr json::error_handler_t kReplaceInvalidUtf8 = json::error_handler_t::replace;

std::string UrlEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The text of a message content: a string, or (some servers) an array of {type: text, text}.
std::string ContentText(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string text;
  if (content.is_array()) {
    for (const auto& part : content) {
      if (part.is_object() && StringField(part, "type") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        text += part["text"].get<std::string>();
      }
    }
  }
  return text;
}

}  // namespace

std::string SchemaInstruction(const ReplySchema& reply) {
  return absl::StrCat(
      "Reply with one JSON object and nothing else: no prose, no code fences. It must conform "
      "to this JSON Schema (",
      reply.name, ": ", reply.description, "):\n", reply.schema.dump());
}

OpenAiClient::OpenAiClient(const LlmOptions& options, std::shared_ptr<common::HttpClient> http)
    : options_(options), http_(std::move(http)) {
  const std::string base = EffectiveBaseUrl(options_);
  url_ = absl::StrCat(base, "/chat/completions");
  if (!options_.api_version.empty()) {
    absl::StrAppend(&url_, "?api-version=", UrlEncode(options_.api_version));
  }
  const bool completion_tokens =
      options_.max_tokens_param == MaxTokensParam::kMaxCompletionTokens ||
      (options_.max_tokens_param == MaxTokensParam::kAuto && IsOpenAiPlatform(base));
  max_tokens_field_ = completion_tokens ? "max_completion_tokens" : "max_tokens";
}

json OpenAiClient::RequestBody(const StructuredRequest& request) const {
  std::string system = request.system;
  if (options_.structured_output != StructuredOutput::kJsonSchema) {
    absl::StrAppend(&system, "\n\n", SchemaInstruction(request.reply));
  }
  json messages = json::array({{{"role", "system"}, {"content", system}}});
  for (const auto& message : request.messages) {
    messages.push_back({{"role", message.role == ChatMessage::Role::kUser ? "user" : "assistant"},
                        {"content", message.content}});
  }
  json body = {{"model", options_.model},
               {"messages", std::move(messages)},
               {"temperature", options_.temperature},
               {max_tokens_field_, options_.max_output_tokens}};
  switch (options_.structured_output) {
    case StructuredOutput::kJsonSchema:
      body["response_format"] = {{"type", "json_schema"},
                                 {"json_schema",
                                  {{"name", request.reply.name},
                                   {"description", request.reply.description},
                                   {"strict", true},
                                   {"schema", request.reply.schema}}}};
      break;
    case StructuredOutput::kJsonObject:
      body["response_format"] = {{"type", "json_object"}};
      break;
    case StructuredOutput::kPrompt:
      break;
  }
  return body;
}

absl::StatusOr<ModelReply> OpenAiClient::Complete(const StructuredRequest& request) {
  common::HttpRequest http_request{
      .method = "POST",
      .url = url_,
      .headers = {{"Content-Type", "application/json"}},
      .body = RequestBody(request).dump(-1, ' ', false, kReplaceInvalidUtf8),
      .timeout = options_.timeout,
      .cancelled = request.cancelled,
  };
  if (!options_.api_key.empty()) {
    if (options_.auth_header == AuthHeader::kApiKey) {
      http_request.headers.emplace_back("api-key", options_.api_key);
    } else {
      http_request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", options_.api_key));
    }
  }
  absl::StatusOr<common::HttpResponse> response = http_->Send(http_request);
  if (!response.ok()) return TransportErrorStatus(provider_, response.status(), options_.api_key);
  if (response->status < 200 || response->status > 299) {
    return HttpErrorStatus(provider_, *response, options_.api_key);
  }
  return ParseReply(*response);
}

absl::StatusOr<ModelReply> OpenAiClient::ParseReply(const common::HttpResponse& response) const {
  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return absl::InternalError(absl::StrCat(
        provider_, ": reply body is not a JSON object: ",
        Redact(response.body.substr(0, 120), options_.api_key)));
  }
  if (std::string error = ErrorObjectText(body); !error.empty()) {
    return absl::UnknownError(Redact(absl::StrCat(provider_, ": ", error), options_.api_key));
  }
  if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].empty() ||
      !body["choices"][0].is_object()) {
    return absl::InternalError(absl::StrCat(provider_, ": reply has no choices"));
  }
  const json& choice = body["choices"][0];
  if (std::string error = ErrorObjectText(choice); !error.empty()) {
    return absl::UnknownError(Redact(absl::StrCat(provider_, ": ", error), options_.api_key));
  }
  if (!choice.contains("message") || !choice["message"].is_object()) {
    return absl::InternalError(absl::StrCat(provider_, ": reply choice has no message"));
  }
  const json& message = choice["message"];
  ModelReply reply;
  reply.text = ContentText(message.value("content", json()));
  const json usage = body.value("usage", json::object());
  reply.usage = {.input_tokens = IntField(usage, "prompt_tokens"),
                 .output_tokens = IntField(usage, "completion_tokens")};
  reply.model = StringField(body, "model", options_.model);
  const std::string finish = StringField(choice, "finish_reason");
  if (message.contains("refusal") && message["refusal"].is_string()) {
    reply.stop = StopReason::kRefused;
    reply.refusal = message["refusal"].get<std::string>();
  } else if (finish == "content_filter") {
    reply.stop = StopReason::kRefused;
    reply.refusal = "stopped by the provider's content filter";
  } else if (finish == "length") {
    reply.stop = StopReason::kTruncated;
  }
  return reply;
}

}  // namespace jobrec::llm
