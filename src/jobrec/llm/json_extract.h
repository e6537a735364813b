// Finds the JSON object in a model's reply text. With enforced structured output the text is
// the object itself; in prompt-only mode models wrap it in ```json fences or put prose around
// it, which is tolerated here (the object is then still validated against the schema).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"

namespace jobrec::llm {

// The first JSON object found, in this order: the whole text; the content of a ``` fence
// (```json or bare); the first balanced {...} that parses. InvalidArgument saying what was
// wrong ("reply is empty", "no JSON object found in the reply", "reply is a JSON array, not
// an object") otherwise.
absl::StatusOr<nlohmann::json> ExtractJsonObject(const std::string& text);

}  // namespace jobrec::llm
