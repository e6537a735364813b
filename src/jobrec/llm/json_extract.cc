#include "jobrec/llm/json_extract.h"

#include <optional>

#include "absl/strings/ascii.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

// Bounds the work on adversarial or huge replies: each candidate is a full parse attempt.
constexpr int kMaxCandidates = 20;

std::optional<json> ParseObject(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// The text between the first ``` fence (after its optional language tag) and the next ```.
std::optional<std::string> FencedBlock(const std::string& text) {
  const size_t open = text.find("```");
  if (open == std::string::npos) return std::nullopt;
  const size_t line_end = text.find('\n', open);
  if (line_end == std::string::npos) return std::nullopt;
  const size_t close = text.find("```", line_end);
  if (close == std::string::npos) return std::nullopt;
  return text.substr(line_end + 1, close - line_end - 1);
}

// The end (one past) of the balanced object starting at `start`, skipping braces in strings.
std::optional<size_t> MatchingBrace(const std::string& text, size_t start) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<json> ExtractJsonObject(const std::string& text) {
  const std::string trimmed(absl::StripAsciiWhitespace(text));
  if (trimmed.empty()) return absl::InvalidArgumentError("reply is empty");
  if (auto whole = ParseObject(trimmed)) return *whole;
  if (auto fenced = FencedBlock(trimmed)) {
    if (auto value = ParseObject(*fenced)) return *value;
  }
  size_t start = trimmed.find('{');
  for (int tries = 0; start != std::string::npos && tries < kMaxCandidates; ++tries) {
    if (auto end = MatchingBrace(trimmed, start)) {
      if (auto value = ParseObject(trimmed.substr(start, *end - start))) return *value;
    }
    start = trimmed.find('{', start + 1);
  }
  json whole = json::parse(trimmed, nullptr, false);
  if (!whole.is_discarded() && whole.is_array()) {
    return absl::InvalidArgumentError("reply is a JSON array, not an object");
  }
  return absl::InvalidArgumentError("no JSON object found in the reply");
}

}  // namespace jobrec::llm
