#include "jobrec/api/url_path.h"

#include "absl/strings/str_split.h"

namespace jobrec::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
    if (lo < 0) return absl::InvalidArgumentError("invalid percent-encoding in path");
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return absl::InvalidArgumentError("encoded NUL in path");
    out += decoded;
    i += 2;
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SplitPath(const std::string& path) {
  if (path.empty() || path[0] != '/') return absl::InvalidArgumentError("path must start with '/'");
  std::vector<std::string> segments;
  for (absl::string_view raw : absl::StrSplit(absl::string_view(path).substr(1), '/')) {
    auto decoded = PercentDecode(std::string(raw));
    if (!decoded.ok()) return decoded.status();
    segments.push_back(*std::move(decoded));
  }
  return segments;
}

}  // namespace jobrec::api
