// Email address normalisation and a deliberately permissive syntax check (the mailed
// password-reset link is the real proof of ownership).
#pragma once

#include <string>

#include "jobrec/common/status.h"

namespace jobrec::auth {

// Trims whitespace and lower-cases the domain (the local part is case-sensitive by the RFC,
// and kept). InvalidArgument with field "email" when it is not local@domain.tld, longer than
// 254 characters, or contains control characters or spaces.
absl::StatusOr<std::string> NormalizeEmail(const std::string& email);

}  // namespace jobrec::auth
