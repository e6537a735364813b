// Request ids: accepted from a proxy's X-Request-Id when sane, generated otherwise, echoed in
// the response and attached to every log line written while the request is handled.
// Thread-safety: safe to call from any thread.
#pragma once

#include <optional>
#include <string>

namespace jobrec::api {

inline constexpr char kRequestIdHeader[] = "X-Request-Id";
inline constexpr size_t kMaxRequestIdLength = 64;

// 1 to 64 characters of [A-Za-z0-9._-]: safe to log and to echo in a header.
bool IsValidRequestId(const std::string& id);

// 32 random lowercase hex characters (not a secret: ids only correlate logs).
std::string NewRequestId();

// `incoming` when it is a valid id, a new one otherwise.
std::string ChooseRequestId(const std::optional<std::string>& incoming);

}  // namespace jobrec::api
