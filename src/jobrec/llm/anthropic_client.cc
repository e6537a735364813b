#include "jobrec/llm/anthropic_client.h"

#include "absl/strings/str_cat.h"
#include "jobrec/llm/json_fields.h"
#include "jobrec/llm/provider_error.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

}  // namespace

AnthropicClient::AnthropicClient(const LlmOptions& options,
                                 std::shared_ptr<common::HttpClient> http)
    : options_(options),
      url_(absl::StrCat(EffectiveBaseUrl(options), "/v1/messages")),
      http_(std::move(http)) {}

json AnthropicClient::RequestBody(const StructuredRequest& request) const {
  json messages = json::array();
  for (const auto& message : request.messages) {
    messages.push_back({{"role", message.role == ChatMessage::Role::kUser ? "user" : "assistant"},
                        {"content", message.content}});
  }
  return {{"model", options_.model},
          {"max_tokens", options_.max_output_tokens},
          {"temperature", options_.temperature},
          {"system", request.system},
          {"messages", std::move(messages)},
          {"tools", json::array({{{"name", request.reply.name},
                                  {"description", request.reply.description},
                                  {"input_schema", request.reply.schema}}})},
          {"tool_choice", {{"type", "tool"}, {"name", request.reply.name}}}};
}

absl::StatusOr<ModelReply> AnthropicClient::Complete(const StructuredRequest& request) {
  common::HttpRequest http_request{
      .method = "POST",
      .url = url_,
      .headers = {{"content-type", "application/json"},
                  {"anthropic-version", kAnthropicVersion},
                  {"x-api-key", options_.api_key}},
      .body = RequestBody(request).dump(-1, ' ', false, json::error_handler_t::replace),
      .timeout = options_.timeout,
      .cancelled = request.cancelled,
  };
  absl::StatusOr<common::HttpResponse> response = http_->Send(http_request);
  if (!response.ok()) return TransportErrorStatus(provider_, response.status(), options_.api_key);
  if (response->status < 200 || response->status > 299) {
    return HttpErrorStatus(provider_, *response, options_.api_key);
  }
  return ParseReply(*response, request.reply.name);
}

absl::StatusOr<ModelReply> AnthropicClient::ParseReply(const common::HttpResponse& response,
                                                       const std::string& tool_name) const {
  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return absl::InternalError(absl::StrCat(
        provider_, ": reply body is not a JSON object: ",
        Redact(response.body.substr(0, 120), options_.api_key)));
  }
  if (StringField(body, "type") == "error" || body.contains("error")) {
    return absl::UnknownError(
        Redact(absl::StrCat(provider_, ": ", ErrorObjectText(body)), options_.api_key));
  }
  if (!body.contains("content") || !body["content"].is_array()) {
    return absl::InternalError(absl::StrCat(provider_, ": reply has no content array"));
  }
  ModelReply reply;
  std::string text;
  bool found_tool = false;
  for (const auto& block : body["content"]) {
    if (!block.is_object()) continue;
    const std::string type = StringField(block, "type");
    if (type == "tool_use" && StringField(block, "name") == tool_name && block.contains("input")) {
      reply.text = block["input"].dump(-1, ' ', false, json::error_handler_t::replace);
      found_tool = true;
      break;
    }
    if (type == "text" && block.contains("text") && block["text"].is_string()) {
      text += block["text"].get<std::string>();
    }
  }
  // Without the forced tool call (a proxy that ignores tool_choice), the text may still hold
  // the JSON; validation decides.
  if (!found_tool) reply.text = text;
  const json usage = body.value("usage", json::object());
  reply.usage = {.input_tokens = IntField(usage, "input_tokens"),
                 .output_tokens = IntField(usage, "output_tokens")};
  reply.model = StringField(body, "model", options_.model);
  const std::string stop = StringField(body, "stop_reason");
  if (stop == "max_tokens") {
    reply.stop = StopReason::kTruncated;
  } else if (stop == "refusal") {
    reply.stop = StopReason::kRefused;
    reply.refusal = text.empty() ? "the model declined to answer" : text;
  }
  return reply;
}

}  // namespace jobrec::llm
