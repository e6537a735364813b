// Validation of a model's reply against the JSON Schema that was sent to the provider, so one
// schema both instructs the model and checks it. Only the subset of JSON Schema that OpenAI's
// strict structured outputs and Anthropic's tool input_schema both accept is supported:
// type (object | array | string | integer | number | boolean), properties, required,
// additionalProperties, items, minimum, maximum, minItems, maxItems, description.
//
// Keys that the schema does not declare are dropped from the result rather than rejected:
// models in prompt-only mode like to add "reasoning" or "confidence" keys, which are harmless,
// and rejecting them would cost a repair call for nothing.
//
// An integer is a JSON number with no fractional part (7 and 7.0; not 7.5 and not "7").
#pragma once

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"

namespace jobrec::llm {

// The value with undeclared object keys removed, or InvalidArgument whose message names the
// first offending path and says what was expected ("score: 11 is above the maximum 10",
// "justification: required key is missing", "matched_skills[2]: expected a string, got 3").
absl::StatusOr<nlohmann::json> ValidateAgainstSchema(const nlohmann::json& value,
                                                     const nlohmann::json& schema);

}  // namespace jobrec::llm
