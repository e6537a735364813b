// Error handling shared by every module: absl::Status / absl::StatusOr plus the two
// propagation macros absl does not ship publicly.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JOBREC_CONCAT_INNER_(a, b) a##b
#define JOBREC_CONCAT_(a, b) JOBREC_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define JOBREC_RETURN_IF_ERROR(expr)              \
  do {                                            \
    if (::absl::Status _st = (expr); !_st.ok()) { \
      return _st;                                 \
    }                                             \
  } while (0)

// `lhs = value of expr` where expr is an absl::StatusOr<T>; returns its status on error.
#define JOBREC_ASSIGN_OR_RETURN(lhs, expr) \
  JOBREC_ASSIGN_OR_RETURN_IMPL_(JOBREC_CONCAT_(_status_or_, __LINE__), lhs, expr)
#define JOBREC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

#include <string>
#include <string_view>

namespace jobrec::common {

// An InvalidArgument status that names the offending input field ("technical_skills[2].weight").
// The API layer turns it into {"error": {"code", "message", "field"}}.
absl::Status InvalidField(std::string_view field, std::string_view message);
// `status` with the field attached (for codes other than InvalidArgument, e.g. AlreadyExists).
absl::Status WithField(absl::Status status, std::string_view field);
// The field named by InvalidField, or "" when the status names none.
std::string FieldOf(const absl::Status& status);

// ResourceExhausted that tells the client when to retry (HTTP 429 + Retry-After).
absl::Status RateLimited(std::string_view message, int retry_after_seconds);
// The retry delay carried by RateLimited, or 0.
int RetryAfterOf(const absl::Status& status);

}  // namespace jobrec::common
