// Store-internal: real[] columns read as their text ("{0.25,-1.5e-05}"). PostgreSQL prints each
// real in its shortest round-trip form, so strtof gets the same float back; reading the text
// directly is several times faster than through array_to_json and a JSON parser.
#pragma once

#include <string>
#include <vector>

namespace jobrec::store::internal {

// The floats of a real[] literal; parsing stops at the first element that is not a number.
std::vector<float> ParseRealArray(const std::string& text);

}  // namespace jobrec::store::internal
