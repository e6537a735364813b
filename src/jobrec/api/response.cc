#include "jobrec/api/response.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jobrec::api {
namespace {

bool IsTokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
bool IsCookieOctet(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

// Path attribute: any CHAR except CTLs and ";".
bool IsPathChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u <= 0x7e && c != ';';
}

const char* SameSiteName(SameSite same_site) {
  switch (same_site) {
    case SameSite::kStrict: return "Strict";
    case SameSite::kNone: return "None";
    case SameSite::kLax: break;
  }
  return "Lax";
}

}  // namespace

Cookie Cookie::Expired(std::string name, std::string path) {
  return Cookie{.name = std::move(name), .path = std::move(path),
                .max_age = std::chrono::seconds(0)};
}

absl::StatusOr<std::string> FormatSetCookie(const Cookie& cookie, bool default_secure) {
  if (cookie.name.empty() || !std::all_of(cookie.name.begin(), cookie.name.end(), IsTokenChar)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid cookie name '", cookie.name, "'"));
  }
  if (!std::all_of(cookie.value.begin(), cookie.value.end(), IsCookieOctet)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cookie '", cookie.name, "' has a value with characters a cookie cannot hold"));
  }
  if (!std::all_of(cookie.path.begin(), cookie.path.end(), IsPathChar)) {
    return absl::InvalidArgumentError(absl::StrCat("cookie '", cookie.name, "' has an invalid path"));
  }
  bool secure = cookie.secure.value_or(default_secure);
  if (cookie.same_site == SameSite::kNone && !secure) {
    // Browsers drop SameSite=None cookies that are not Secure; fail loudly instead.
    return absl::InvalidArgumentError(
        absl::StrCat("cookie '", cookie.name, "' is SameSite=None but not Secure"));
  }
  std::string out = absl::StrCat(cookie.name, "=", cookie.value);
  if (!cookie.path.empty()) absl::StrAppend(&out, "; Path=", cookie.path);
  if (cookie.max_age) absl::StrAppend(&out, "; Max-Age=", std::max<int64_t>(0, cookie.max_age->count()));
  if (cookie.http_only) absl::StrAppend(&out, "; HttpOnly");
  if (secure) absl::StrAppend(&out, "; Secure");
  absl::StrAppend(&out, "; SameSite=", SameSiteName(cookie.same_site));
  return out;
}

Response Response::Json(const nlohmann::json& body, int status) {
  return Response{.status = status,
                  .content_type = "application/json",
                  .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

Response Response::Text(std::string body, std::string content_type, int status) {
  return Response{.status = status, .content_type = std::move(content_type), .body = std::move(body)};
}

Response Response::Empty(int status) { return Response{.status = status}; }

Response& Response::SetHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response& Response::SetCookie(Cookie cookie) {
  cookies.push_back(std::move(cookie));
  return *this;
}

std::optional<std::string> Response::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace jobrec::api
