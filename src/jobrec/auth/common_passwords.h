// A list of passwords that appear at the top of published leaked-password lists, restricted to
// those of 10+ characters (shorter ones fail the length rule anyway), plus keyboard walks and
// repetitions detected by rule.
#pragma once

#include <string>

namespace jobrec::auth {

// `lower` is the lower-cased password.
bool IsCommonPassword(const std::string& lower);

}  // namespace jobrec::auth
