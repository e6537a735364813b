// Tolerant readers of fields in provider replies: a missing or mistyped field gives the
// fallback instead of an exception, because replies come from many servers of varying
// faithfulness to the documented shapes.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace jobrec::llm {

inline int64_t IntField(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer()) return 0;
  return object[key].get<int64_t>();
}

inline std::string StringField(const nlohmann::json& object, const char* key,
                               const std::string& fallback = "") {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return fallback;
  return object[key].get<std::string>();
}

}  // namespace jobrec::llm
