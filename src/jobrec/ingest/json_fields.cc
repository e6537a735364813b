#include "jobrec/ingest/json_fields.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "jobrec/ingest/normalize_date.h"

namespace jobrec::ingest {

const nlohmann::json* FindPath(const nlohmann::json& value,
                               std::initializer_list<const char*> path) {
  const nlohmann::json* at = &value;
  for (const char* key : path) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

std::string StringAt(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  return at != nullptr && at->is_string() ? at->get<std::string>() : "";
}

std::string IdAt(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  if (at == nullptr) return "";
  if (at->is_string()) return std::string(absl::StripAsciiWhitespace(at->get<std::string>()));
  if (at->is_number_integer()) return at->dump();
  return "";
}

std::optional<double> NumberAt(const nlohmann::json& value,
                               std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  if (at == nullptr) return std::nullopt;
  if (at->is_number()) {
    const double number = at->get<double>();
    return std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
  }
  if (!at->is_string()) return std::nullopt;
  std::string digits;
  for (char c : at->get<std::string>()) {
    if (c == ',' || c == '$' || c == ' ') continue;
    digits += c;
  }
  if (digits.empty()) return std::nullopt;
  char* end = nullptr;
  const double number = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<bool> FlagAt(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  if (at == nullptr) return std::nullopt;
  if (at->is_boolean()) return at->get<bool>();
  if (at->is_number_integer()) {
    const auto number = at->get<int64_t>();
    if (number == 0 || number == 1) return number == 1;
    return std::nullopt;
  }
  if (!at->is_string()) return std::nullopt;
  const std::string text = absl::AsciiStrToLower(at->get<std::string>());
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  return std::nullopt;
}

std::vector<std::string> StringsAt(const nlohmann::json& value,
                                   std::initializer_list<const char*> path) {
  std::vector<std::string> strings;
  if (const nlohmann::json* array = ArrayAt(value, path)) {
    for (const auto& element : *array) {
      if (element.is_string()) strings.push_back(element.get<std::string>());
    }
  }
  return strings;
}

std::optional<TimePoint> TimeAt(const nlohmann::json& value,
                                std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  if (at == nullptr || at->is_null()) return std::nullopt;
  auto parsed = ParseTimestampJson(*at);
  return parsed.ok() ? std::optional<TimePoint>(*parsed) : std::nullopt;
}

const nlohmann::json* ArrayAt(const nlohmann::json& value,
                              std::initializer_list<const char*> path) {
  const nlohmann::json* at = FindPath(value, path);
  return at != nullptr && at->is_array() ? at : nullptr;
}

}  // namespace jobrec::ingest
