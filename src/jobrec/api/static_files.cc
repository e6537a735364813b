#include "jobrec/api/static_files.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/api/http_error.h"
#include "jobrec/api/url_path.h"

namespace jobrec::api {
namespace {

constexpr char kLongCache[] = "public, max-age=31536000, immutable";
constexpr char kNoCache[] = "no-cache";

bool IsSafeSegment(const std::string& segment) {
  return !segment.empty() && segment[0] != '.' && segment.find_first_of("/\\") == std::string::npos;
}

std::optional<std::string> RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) return std::nullopt;
  return std::string(resolved);
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Response ServeFile(const std::string& path, const std::string& cache_control) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    return ErrorResponse(absl::InternalError(absl::StrCat("cannot read ", path)));
  }
  Response response = Response::Text(content.str(), ContentTypeForFile(path));
  response.SetHeader("Cache-Control", cache_control);
  return response;
}

Response NotBuilt(const std::string& root) {
  Response response = Response::Text(
      absl::StrCat("The jobrec web app is not built: ", root, "/index.html does not exist.\n\n",
                   "Build it with scripts/setup, or by hand: cd web && npm ci && npm run build\n",
                   "(server.web_root sets where the server looks for it).\n",
                   "The JSON API under /api/ works without it.\n"),
      "text/plain; charset=utf-8", 503);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

std::string ContentTypeForFile(const std::string& file_name) {
  static const std::map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
  };
  auto dot = file_name.rfind('.');
  auto slash = file_name.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return "application/octet-stream";
  }
  auto it = kTypes.find(absl::AsciiStrToLower(file_name.substr(dot + 1)));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

Response StaticFiles::Serve(const Request& request) const {
  auto segments = SplitPath(request.path);
  if (!segments.ok()) return ErrorResponse(absl::NotFoundError("no such file"));
  if (segments->back().empty()) segments->pop_back();  // "/" or a directory path: a page
  for (const std::string& segment : *segments) {
    if (!IsSafeSegment(segment)) return ErrorResponse(absl::NotFoundError("no such file"));
  }
  std::optional<std::string> root = RealPath(root_);
  if (!root) return NotBuilt(root_);

  if (!segments->empty()) {
    std::string wanted = absl::StrCat(*root, "/", absl::StrJoin(*segments, "/"));
    std::optional<std::string> resolved = RealPath(wanted);
    if (resolved && absl::StartsWith(*resolved, *root + "/") && IsRegularFile(*resolved)) {
      return ServeFile(*resolved, segments->front() == "assets" ? kLongCache : kNoCache);
    }
    if (segments->size() > 1 && segments->front() == "assets") {
      return ErrorResponse(absl::NotFoundError("no such file"));
    }
  }
  std::string index = *root + "/index.html";
  if (!IsRegularFile(index)) return NotBuilt(root_);
  return ServeFile(index, kNoCache);
}

}  // namespace jobrec::api
