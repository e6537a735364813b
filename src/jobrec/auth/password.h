// Password hashing (argon2id through libsodium) and the password policy.
// Thread-safe. Hashing deliberately costs tens of milliseconds and ~64 MiB of memory.
#pragma once

#include <string>

#include "jobrec/common/status.h"

namespace jobrec::auth {

inline constexpr size_t kMinPasswordChars = 10;
inline constexpr size_t kMaxPasswordBytes = 256;  // bounds the hashing work per request

// InvalidArgument (field "password") when the password is too short, too long, or on the list
// of common passwords; OK otherwise. `email` is used to refuse passwords that contain it.
absl::Status CheckPasswordPolicy(const std::string& password, const std::string& email);

// Returns an encoded "$argon2id$v=19$m=…,t=…,p=…$salt$hash" string. Internal on failure
// (libsodium out of memory).
absl::StatusOr<std::string> HashPassword(const std::string& password);

// True when `password` matches `encoded` (constant time). False for malformed hashes.
bool VerifyPassword(const std::string& password, const std::string& encoded);

// A fixed hash to verify against when an account does not exist, so that a login for an
// unknown email takes as long as one for a known email.
const std::string& DummyPasswordHash();

}  // namespace jobrec::auth
