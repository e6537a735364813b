// gumbo behind a depth guard, for the ingest code that reads HTML (html_text, jsonld).
// gumbo parses any input, but frees its tree recursively, so a page nesting elements hundreds
// of thousands deep would exhaust the stack: such input is refused before parsing.
//
// Thread-safety: an HtmlDocument is immutable after Parse; the functions are pure.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace jobrec::ingest {

// Past this estimated element depth a page is not given to gumbo.
inline constexpr int kMaxParseDepth = 5000;

// True when s[i] starts a tag, an end tag, a comment or a declaration ("<p", "</", "<!").
bool IsTagStart(std::string_view s, size_t i);
// True when `s` contains a tag start anywhere.
bool HasTags(std::string_view s);

// A rough upper estimate of the element depth: start tags push their name, an end tag pops
// back to the nearest open element of that name (the HTML "any other end tag" rule) or is
// ignored. Stops counting once `limit` is exceeded.
int EstimateDepth(std::string_view s, int limit);

class HtmlDocument {
 public:
  // nullptr when EstimateDepth(html) exceeds kMaxParseDepth; otherwise never fails (gumbo
  // repairs any markup).
  static std::unique_ptr<HtmlDocument> Parse(const std::string& html);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  const GumboNode* root() const { return output_->document; }

 private:
  explicit HtmlDocument(GumboOutput* output) : output_(output) {}
  GumboOutput* output_;
};

}  // namespace jobrec::ingest
