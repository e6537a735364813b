// Random bearer secrets (session tokens, API tokens, password-reset tokens, CSRF tokens) and
// the hash under which they are stored: the database never holds a usable token.
// Thread-safe.
#pragma once

#include <string>

namespace jobrec::auth {

// 32 random bytes (256 bits), base64url without padding (43 characters).
std::string NewToken();

// Hex SHA-256 of the token: what the database stores and looks tokens up by. A fast hash is
// right here: tokens are uniformly random, so there is nothing to brute-force.
std::string HashToken(const std::string& token);

// Constant-time comparison of two strings (for CSRF double-submit checks).
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace jobrec::auth
