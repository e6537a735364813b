#include "jobrec/auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/auth/common_passwords.h"

namespace jobrec::auth {
namespace {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}

// argon2id with libsodium's "moderate"-like cost: 3 passes over 64 MiB. Above the
// interactive limits (2 passes, 64 MiB) the issue asks for, below "sensitive" (1 GiB).
constexpr unsigned long long kOpsLimit = 3;
constexpr size_t kMemLimit = 64u << 20;

size_t Utf8Length(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

}  // namespace

absl::Status CheckPasswordPolicy(const std::string& password, const std::string& email) {
  if (Utf8Length(password) < kMinPasswordChars) {
    return common::InvalidField("password", absl::StrCat("use at least ", kMinPasswordChars, " characters"));
  }
  if (password.size() > kMaxPasswordBytes) {
    return common::InvalidField("password", absl::StrCat("use at most ", kMaxPasswordBytes, " bytes"));
  }
  std::string lower = absl::AsciiStrToLower(password);
  if (IsCommonPassword(lower)) {
    return common::InvalidField("password", "this password is on a list of commonly used passwords; choose another");
  }
  std::string local = absl::AsciiStrToLower(email.substr(0, email.find('@')));
  if (local.size() >= 4 && lower.find(local) != std::string::npos) {
    return common::InvalidField("password", "the password must not contain your email address");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> HashPassword(const std::string& password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::InternalError("argon2id hashing failed (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& password, const std::string& encoded) {
  EnsureSodium();
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string hash = *HashPassword("jobrec-dummy-password-for-timing");
  return hash;
}

}  // namespace jobrec::auth
