// Stable content fingerprints, used as cache keys for LLM results.
#pragma once

#include <string>
#include <vector>

namespace jobrec::llm {

// Lowercase hex SHA-256 of the parts, each length-prefixed so that ("ab", "c") and ("a", "bc")
// differ. Stable across builds and machines.
std::string Fingerprint(const std::vector<std::string>& parts);

}  // namespace jobrec::llm
