#include "jobrec/auth/email.h"

#include "absl/strings/ascii.h"

namespace jobrec::auth {

absl::StatusOr<std::string> NormalizeEmail(const std::string& raw) {
  std::string email(absl::StripAsciiWhitespace(raw));
  auto invalid = [] { return common::InvalidField("email", "enter an email address such as name@example.org"); };
  if (email.empty() || email.size() > 254) return invalid();
  for (unsigned char c : email) {
    if (c <= 0x20 || c == 0x7f) return invalid();
  }
  auto at = email.rfind('@');
  if (at == std::string::npos || at == 0 || at > 64) return invalid();
  std::string domain = absl::AsciiStrToLower(email.substr(at + 1));
  auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string::npos || dot == 0 || dot + 1 == domain.size() ||
      domain.find("..") != std::string::npos || domain.find('@') != std::string::npos) {
    return invalid();
  }
  return email.substr(0, at + 1) + domain;
}

}  // namespace jobrec::auth
