#include "jobrec/ingest/html_parse.h"

#include <cctype>
#include <string>
#include <vector>

namespace jobrec::ingest {

bool IsTagStart(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || s[i] != '<') return false;
  const unsigned char c = static_cast<unsigned char>(s[i + 1]);
  return std::isalpha(c) || c == '/' || c == '!' || c == '?';
}

bool HasTags(std::string_view s) {
  for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (IsTagStart(s, i)) return true;
  }
  return false;
}

namespace {

constexpr std::string_view kVoidTags[] = {"br", "hr", "img", "input", "meta", "link", "wbr",
                                          "col", "area", "base", "source", "embed", "param",
                                          "track", "keygen"};

}  // namespace

int EstimateDepth(std::string_view s, int limit) {
  std::vector<std::string> open;
  for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (!IsTagStart(s, i) || s[i + 1] == '!' || s[i + 1] == '?') continue;
    const bool end = s[i + 1] == '/';
    size_t j = i + (end ? 2 : 1);
    std::string name;
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) {
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[j++]))));
    }
    if (name.empty()) continue;
    if (end) {
      for (size_t k = open.size(); k-- > 0;) {
        if (open[k] == name) {
          open.resize(k);
          break;
        }
      }
      continue;
    }
    bool is_void = false;
    for (std::string_view v : kVoidTags) is_void = is_void || name == v;
    if (is_void) continue;
    open.push_back(std::move(name));
    if (static_cast<int>(open.size()) > limit) return static_cast<int>(open.size());
  }
  return static_cast<int>(open.size());
}

std::unique_ptr<HtmlDocument> HtmlDocument::Parse(const std::string& html) {
  if (EstimateDepth(html, kMaxParseDepth) > kMaxParseDepth) return nullptr;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // nobody reads the error list; don't let it grow
  return std::unique_ptr<HtmlDocument>(
      new HtmlDocument(gumbo_parse_with_options(&options, html.data(), html.size())));
}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }

}  // namespace jobrec::ingest
