#include "jobrec/ingest/html_text.h"

#include <cctype>
#include <memory>
#include <string_view>
#include <vector>

#include "jobrec/ingest/html_parse.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

enum class Break { kNone, kSpace, kLine, kBlank };

// Accumulates text under the whitespace rules: runs of spaces become one, line breaks and
// blank lines are requested and only written before the next visible text, so there are no
// trailing spaces, no leading or trailing blank lines and never two blank lines in a row.
class TextBuilder {
 public:
  void Text(std::string_view text) {
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Request(Break::kSpace);
      } else {
        Flush();
        out_.push_back(c);
      }
    }
  }
  // Text that starts the next line if any text follows before the next prefix ("- "): an
  // empty list item leaves nothing behind.
  void Prefix(std::string_view prefix) {
    Request(Break::kLine);
    prefix_ = prefix;
  }
  // The end of the element that set the prefix: an unused prefix is dropped.
  void EndPrefix() { prefix_ = {}; }
  void Request(Break b) {
    if (b > pending_) pending_ = b;
  }
  // A <br>: a line break, and a second one in a row makes a blank line.
  void HardBreak() {
    if (pending_ >= Break::kLine || out_.empty()) {
      Request(Break::kBlank);
    } else {
      Request(Break::kLine);
    }
  }
  std::string Finish() { return std::move(out_); }

 private:
  void Flush() {
    if (!out_.empty()) {
      switch (pending_) {
        case Break::kNone:
          break;
        case Break::kSpace:
          out_.push_back(' ');
          break;
        case Break::kLine:
          out_.push_back('\n');
          break;
        case Break::kBlank:
          out_.append("\n\n");
          break;
      }
    }
    pending_ = Break::kNone;
    out_.append(prefix_);
    prefix_ = {};
  }

  std::string out_;
  Break pending_ = Break::kNone;
  std::string_view prefix_;
};

bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

// Elements separated from their surroundings by a blank line.
bool IsParagraphBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_DL: case GUMBO_TAG_TABLE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FORM: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_NAV:
      return true;
    default:
      return false;
  }
}

// Elements that start and end a line.
bool IsLineBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_BODY: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
      return true;
    default:
      return false;
  }
}

void Enter(GumboTag tag, TextBuilder& b) {
  if (tag == GUMBO_TAG_BR) {
    b.HardBreak();
  } else if (tag == GUMBO_TAG_LI) {
    b.Prefix("- ");
  } else if (IsParagraphBlock(tag)) {
    b.Request(Break::kBlank);
  } else if (IsLineBlock(tag)) {
    b.Request(Break::kLine);
  } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
    b.Request(Break::kSpace);
  }
}

void Leave(GumboTag tag, TextBuilder& b) {
  if (tag == GUMBO_TAG_LI) b.EndPrefix();
  if (IsParagraphBlock(tag)) {
    b.Request(Break::kBlank);
  } else if (IsLineBlock(tag)) {
    b.Request(Break::kLine);
  } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
    b.Request(Break::kSpace);
  }
}

// Walks the tree with an explicit stack (no recursion: the depth is the input's choice).
// Elements deeper than kMaxHtmlDepth only contribute their text.
void Walk(const GumboNode* root, TextBuilder& b) {
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    bool in_pre;
  };
  std::vector<Frame> stack;
  stack.push_back({root, 0, false});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* node = f.node;
    const bool element =
        node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (element) children = &node->v.element.children;
    if (children == nullptr || f.next_child >= children->length) {
      if (element && stack.size() <= static_cast<size_t>(kMaxHtmlDepth)) {
        Leave(node->v.element.tag, b);
      }
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[f.next_child++]);
    const bool in_pre = f.in_pre;
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: {
        const std::string_view text = child->v.text.text;
        if (!in_pre) {
          b.Text(text);
          break;
        }
        size_t start = 0;
        for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos;
             start = nl + 1) {
          b.Text(text.substr(start, nl - start));
          b.HardBreak();
        }
        b.Text(text.substr(start));
        break;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboTag tag = child->v.element.tag;
        if (IsSkipped(tag)) break;
        if (stack.size() < static_cast<size_t>(kMaxHtmlDepth)) Enter(tag, b);
        stack.push_back({child, 0, in_pre || tag == GUMBO_TAG_PRE});
        break;
      }
      default:  // comments, the document type
        break;
    }
  }
}

// For input too deep for gumbo: tags become line breaks, the rest is kept as text (its
// entities decoded by the caller's second pass through gumbo, which then sees no tags).
std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (IsTagStart(s, i)) {
      const size_t close = s.find('>', i);
      if (close == std::string_view::npos) break;
      out.push_back('\n');
      i = close + 1;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// Plain text keeps its line breaks: they become <br> so gumbo (which still decodes entities)
// does not fold them into spaces.
std::string PlainToHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 64);
  for (char c : text) {
    if (c == '\n') {
      out.append("<br>");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string ParseAndWalk(const std::string& html) {
  const std::unique_ptr<HtmlDocument> doc = HtmlDocument::Parse(html);
  if (doc == nullptr) return ParseAndWalk(PlainToHtml(StripTags(html)));
  TextBuilder builder;
  Walk(doc->root(), builder);
  return builder.Finish();
}

}  // namespace

std::string HtmlToText(const std::string& input) {
  const std::string html = SanitizeUtf8(TruncateUtf8(input, kMaxHtmlBytes));
  std::string text;
  if (!HasTags(html)) {
    text = ParseAndWalk(PlainToHtml(html));
  } else {
    text = ParseAndWalk(html);
  }
  return CollapseWhitespaceMultiline(FixMojibake(SanitizeUtf8(text)));
}

namespace {
// "&amp;", "&hellip;", "&#8230;", "&#x2026;": a character reference gumbo would decode.
bool HasCharacterReference(std::string_view s) {
  for (size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    size_t j = i + 1;
    if (j < s.size() && s[j] == '#') ++j;
    const size_t start = j;
    while (j < s.size() && j - start < 32 && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    if (j > start && j < s.size() && s[j] == ';') return true;
  }
  return false;
}
}  // namespace

bool LooksLikeHtml(const std::string& text) {
  return HasTags(text) || HasCharacterReference(text);
}

bool LooksDoubleEscaped(const std::string& text) {
  if (HasTags(text)) return false;
  for (size_t i = text.find("&lt;"); i != std::string::npos; i = text.find("&lt;", i + 1)) {
    size_t j = i + 4;
    if (j < text.size() && text[j] == '/') ++j;
    size_t k = j;
    while (k < text.size() && std::isalnum(static_cast<unsigned char>(text[k]))) ++k;
    if (k == j) continue;
    // "&lt;p&gt;" or "&lt;a href=…&gt;": a name, then the closing "&gt;" soon after.
    const size_t gt = text.find("&gt;", k);
    if (gt != std::string::npos && gt - k < 2000) return true;
  }
  return false;
}

std::string UnescapeHtmlEntitiesOnce(const std::string& text) {
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    bool done = false;
    for (const auto& [entity, value] : kNamed) {
      if (text.compare(i, entity.size(), entity) == 0) {
        out.append(value);
        i += entity.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    // Numeric references: "&#39;", "&#x27;" (at most 7 digits, a valid scalar value).
    if (i + 2 < text.size() && text[i + 1] == '#') {
      const bool hex = text[i + 2] == 'x' || text[i + 2] == 'X';
      size_t j = i + (hex ? 3 : 2);
      uint32_t cp = 0;
      size_t digits = 0;
      while (j < text.size() && digits < 7 &&
             (hex ? std::isxdigit(static_cast<unsigned char>(text[j]))
                  : std::isdigit(static_cast<unsigned char>(text[j])))) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[j])));
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
        ++j;
        ++digits;
      }
      if (digits > 0 && j < text.size() && text[j] == ';' && cp > 0 && cp <= 0x10FFFF &&
          (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(cp, &out);
        i = j + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::string DescriptionToText(const std::string& html_or_text) {
  if (LooksDoubleEscaped(html_or_text)) {
    return HtmlToText(UnescapeHtmlEntitiesOnce(html_or_text));
  }
  return HtmlToText(html_or_text);
}

}  // namespace jobrec::ingest
