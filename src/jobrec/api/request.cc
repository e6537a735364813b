#include "jobrec/api/request.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "jobrec/api/http_error.h"
#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

absl::Status InvalidJson(const std::string& message) {
  return WithHttpError(absl::InvalidArgumentError(message), 400, "invalid_json");
}

// application/json, or any structured-syntax "+json" type (application/merge-patch+json).
bool IsJsonMediaType(const std::string& content_type) {
  std::string media_type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(std::string(content_type.substr(0, content_type.find(';')))));
  return media_type == "application/json" ||
         (absl::StartsWith(media_type, "application/") && absl::EndsWith(media_type, "+json"));
}

const char* ShapeName(JsonShape shape) {
  return shape == JsonShape::kArray ? "a JSON array" : "a JSON object";
}

// Thrown from the parser callback to stop parsing a document that nests too deep.
struct TooDeep {};

}  // namespace

std::optional<std::string> Request::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::QueryAll(const std::string& name) const {
  std::vector<std::string> values;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

absl::StatusOr<int64_t> Request::QueryInt(const std::string& name, int64_t default_value,
                                          int64_t min, int64_t max) const {
  auto text = Query(name);
  if (!text) return default_value;
  int64_t value = 0;
  if (!absl::SimpleAtoi(*text, &value) || value < min || value > max) {
    return common::InvalidField(name, absl::StrCat("expected an integer from ", min, " to ", max));
  }
  return value;
}

const std::string& Request::PathParam(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) {
    std::fprintf(stderr, "BUG: route '%s' has no path parameter '%s'\n", route.c_str(), name.c_str());
    std::abort();
  }
  return it->second;
}

std::optional<std::string> Request::CookieValue(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (!absl::EqualsIgnoreCase(key, "Cookie")) continue;
    for (absl::string_view pair : absl::StrSplit(value, ';')) {
      pair = absl::StripAsciiWhitespace(pair);
      auto eq = pair.find('=');
      if (eq == absl::string_view::npos || pair.substr(0, eq) != name) continue;
      absl::string_view cookie_value = pair.substr(eq + 1);
      if (cookie_value.size() >= 2 && cookie_value.front() == '"' && cookie_value.back() == '"') {
        cookie_value = cookie_value.substr(1, cookie_value.size() - 2);
      }
      return std::string(cookie_value);
    }
  }
  return std::nullopt;
}

const std::string& Request::user_id() const {
  static const std::string kAnonymous;
  return principal ? principal->user_id : kAnonymous;
}

absl::StatusOr<int64_t> Request::CallerId() const {
  int64_t id = 0;
  if (!absl::SimpleAtoi(user_id(), &id)) return absl::UnauthenticatedError("no signed-in user");
  return id;
}

absl::StatusOr<nlohmann::json> Request::JsonBody(JsonShape shape) const {
  auto content_type = Header("Content-Type");
  if (!content_type || !IsJsonMediaType(*content_type)) {
    return WithHttpError(
        absl::InvalidArgumentError(absl::StrCat(
            "Content-Type must be application/json, got '", content_type.value_or(""), "'")),
        415, "unsupported_media_type");
  }
  if (absl::StripAsciiWhitespace(body).empty()) {
    return InvalidJson(absl::StrCat("request body is empty; expected ", ShapeName(shape)));
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(
        body, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxJsonDepth) throw TooDeep{};
          return true;
        });
  } catch (const TooDeep&) {
    return InvalidJson(absl::StrCat("JSON nests deeper than ", kMaxJsonDepth, " levels"));
  } catch (const nlohmann::json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 7: ..."; the
    // bracketed id means nothing to a client.
    std::string what = e.what();
    auto close = what.find("] ");
    return InvalidJson(close == std::string::npos ? what : what.substr(close + 2));
  }
  bool shape_ok = shape == JsonShape::kAny ||
                  (shape == JsonShape::kObject && document.is_object()) ||
                  (shape == JsonShape::kArray && document.is_array());
  if (!shape_ok) {
    return InvalidJson(absl::StrCat("expected ", ShapeName(shape), ", got ", document.type_name()));
  }
  return document;
}

}  // namespace jobrec::api
