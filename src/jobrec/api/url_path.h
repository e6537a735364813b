// Splitting and decoding the path of a request target. Routing and static files work on
// decoded segments, so "%2e%2e" is seen as ".." and "%2F" stays inside its segment.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace jobrec::api {

// Decodes %XX escapes ('+' is left alone: it means a space only in query strings).
// InvalidArgument for a truncated or non-hex escape or an encoded NUL.
absl::StatusOr<std::string> PercentDecode(const std::string& text);

// "/api/v1/jobs/a%20b" → {"api", "v1", "jobs", "a b"}; "/" → {""}; "/a/" → {"a", ""}.
// InvalidArgument when the path does not start with '/' or an escape is invalid.
absl::StatusOr<std::vector<std::string>> SplitPath(const std::string& path);

}  // namespace jobrec::api
