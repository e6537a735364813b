#include "jobrec/llm/json_schema.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

// Short rendering of an offending value for an error message.
std::string Show(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string KindOf(const json& value) {
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_array()) return "array";
  if (value.is_object()) return "object";
  return "null";
}

bool IsInteger(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15;
}

absl::Status Fail(const std::string& path, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(path.empty() ? "reply" : path, ": ", what));
}

absl::StatusOr<json> Validate(const json& value, const json& schema, const std::string& path);

absl::StatusOr<json> ValidateObject(const json& value, const json& schema,
                                    const std::string& path) {
  json out = json::object();
  const json properties = schema.value("properties", json::object());
  for (const auto& key : schema.value("required", json::array())) {
    if (!value.contains(key.get<std::string>())) {
      const std::string name = key.get<std::string>();
      return Fail(path.empty() ? name : absl::StrCat(path, ".", name), "required key is missing");
    }
  }
  for (const auto& [key, property_schema] : properties.items()) {
    auto it = value.find(key);
    if (it == value.end()) continue;
    const std::string child = path.empty() ? key : absl::StrCat(path, ".", key);
    JOBREC_ASSIGN_OR_RETURN(out[key], Validate(*it, property_schema, child));
  }
  return out;
}

absl::StatusOr<json> ValidateArray(const json& value, const json& schema,
                                   const std::string& path) {
  if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
    return Fail(path, absl::StrCat("expected at least ", schema["minItems"].get<size_t>(),
                                   " items, got ", value.size()));
  }
  if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
    return Fail(path, absl::StrCat("expected at most ", schema["maxItems"].get<size_t>(),
                                   " items, got ", value.size()));
  }
  json out = json::array();
  const json items = schema.value("items", json::object());
  for (size_t i = 0; i < value.size(); ++i) {
    JOBREC_ASSIGN_OR_RETURN(json item, Validate(value[i], items, absl::StrCat(path, "[", i, "]")));
    out.push_back(std::move(item));
  }
  return out;
}

absl::Status CheckRange(const json& value, const json& schema, const std::string& path) {
  const double v = value.get<double>();
  if (schema.contains("minimum") && v < schema["minimum"].get<double>()) {
    return Fail(path, absl::StrCat(Show(value), " is below the minimum ", Show(schema["minimum"])));
  }
  if (schema.contains("maximum") && v > schema["maximum"].get<double>()) {
    return Fail(path, absl::StrCat(Show(value), " is above the maximum ", Show(schema["maximum"])));
  }
  return absl::OkStatus();
}

absl::StatusOr<json> Validate(const json& value, const json& schema, const std::string& path) {
  const std::string type = schema.value("type", "");
  auto mismatch = [&](const std::string& expected) {
    if (value.is_null()) return Fail(path, absl::StrCat("expected ", expected, ", got null"));
    return Fail(path, absl::StrCat("expected ", expected, ", got ", KindOf(value), " ", Show(value)));
  };
  if (type == "object") {
    if (!value.is_object()) return mismatch("an object");
    return ValidateObject(value, schema, path);
  }
  if (type == "array") {
    if (!value.is_array()) return mismatch("an array");
    return ValidateArray(value, schema, path);
  }
  if (type == "string") {
    if (!value.is_string()) return mismatch("a string");
    return value;
  }
  if (type == "boolean") {
    if (!value.is_boolean()) return mismatch("a boolean");
    return value;
  }
  if (type == "integer") {
    if (!IsInteger(value)) return mismatch("an integer");
    JOBREC_RETURN_IF_ERROR(CheckRange(value, schema, path));
    if (value.is_number_integer()) return value;
    return json(static_cast<int64_t>(value.get<double>()));
  }
  if (type == "number") {
    if (!value.is_number()) return mismatch("a number");
    JOBREC_RETURN_IF_ERROR(CheckRange(value, schema, path));
    return value;
  }
  return absl::InternalError(absl::StrCat("schema at '", path, "' has unsupported type '", type, "'"));
}

}  // namespace

absl::StatusOr<json> ValidateAgainstSchema(const json& value, const json& schema) {
  return Validate(value, schema, "");
}

}  // namespace jobrec::llm
