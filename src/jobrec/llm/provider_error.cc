#include "jobrec/llm/provider_error.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

constexpr size_t kMaxErrorText = 300;

std::string Shorten(std::string text) {
  if (text.size() > kMaxErrorText) text = text.substr(0, kMaxErrorText) + "...";
  return text;
}

}  // namespace

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  return absl::StrReplaceAll(text, {{secret, "[redacted]"}});
}

std::string ErrorObjectText(const json& body) {
  if (!body.is_object() || !body.contains("error")) return "";
  const json& error = body["error"];
  if (error.is_string()) return error.get<std::string>();
  if (!error.is_object()) return "";
  std::string type;
  if (error.contains("type") && error["type"].is_string()) type = error["type"].get<std::string>();
  if (type.empty() && error.contains("code") && error["code"].is_string()) {
    type = error["code"].get<std::string>();
  }
  std::string message;
  if (error.contains("message") && error["message"].is_string()) {
    message = error["message"].get<std::string>();
  }
  if (type.empty()) return message.empty() ? "error" : message;
  return message.empty() ? type : absl::StrCat(type, ": ", message);
}

absl::Status HttpErrorStatus(const std::string& provider, const common::HttpResponse& response,
                             const std::string& api_key) {
  std::string detail = ErrorObjectText(json::parse(response.body, nullptr, false));
  if (detail.empty()) detail = response.body.empty() ? "(empty body)" : response.body;
  const std::string message = Shorten(Redact(
      absl::StrCat(provider, ": HTTP ", response.status, ": ", detail), api_key));
  switch (response.status) {
    case 400:
    case 413:
    case 422:
      return absl::InvalidArgumentError(message);
    case 401:
      return absl::UnauthenticatedError(message);
    case 403:
      return absl::PermissionDeniedError(message);
    case 404:
      return absl::NotFoundError(message);
    case 408:
      return absl::DeadlineExceededError(message);
    case 429:
      return absl::ResourceExhaustedError(message);
    default:
      if (response.status >= 500 && response.status <= 599) return absl::UnavailableError(message);
      return absl::UnknownError(message);
  }
}

absl::Status TransportErrorStatus(const std::string& provider, const absl::Status& status,
                                  const std::string& api_key) {
  return absl::Status(status.code(),
                      Redact(absl::StrCat(provider, ": ", status.message()), api_key));
}

}  // namespace jobrec::llm
