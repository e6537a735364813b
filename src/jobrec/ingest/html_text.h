// HTML -> plain text for job descriptions, with gumbo (an HTML5 parser: it repairs unclosed
// tags and never fails on bad markup).
//
// Output rules: block elements (p, div, br, li, h1–h6, tr, section, article, ul, ol, table,
// blockquote, pre, hr, dt/dd …) end lines; paragraphs and headings are separated by one blank
// line; list items start with "- "; script, style, template, noscript, head and comments are
// dropped; entities are decoded; runs of spaces collapse to one; no line has leading or
// trailing spaces; at most one blank line in a row; no leading/trailing blank lines; the
// result is valid UTF-8 (bad input bytes become U+FFFD) with cp1252 mojibake repaired.
//
// Thread-safe (no shared state); never throws. Input larger than kMaxHtmlBytes is cut first
// (at a character boundary); elements nested deeper than kMaxHtmlDepth only contribute their
// text; markup nested so deep that gumbo could not free it safely (html_parse.h) is not
// parsed at all: its tags become line breaks. Time and stack use stay bounded for hostile
// input.
#pragma once

#include <cstddef>
#include <string>

namespace jobrec::ingest {

inline constexpr size_t kMaxHtmlBytes = 2 * 1024 * 1024;
inline constexpr int kMaxHtmlDepth = 200;

// Converts an HTML fragment or document. Plain text without markup comes back with only the
// whitespace rules applied (newlines in plain text are kept as line breaks only when the
// input has no tags at all; in HTML they are ordinary spaces, as browsers render them).
std::string HtmlToText(const std::string& html);

// True when `text` holds markup ("<p", "</", "<!--") or character references ("&amp;",
// "&hellip;", "&#8217;", which double-escaped markup also has): what needs HtmlToText rather
// than only the plain-text clean-up.
bool LooksLikeHtml(const std::string& text);

// True when `text` looks like HTML that was escaped once more (Greenhouse's `content`:
// "&lt;p&gt;Hello&lt;/p&gt;"): it contains an escaped tag and no real tag.
bool LooksDoubleEscaped(const std::string& text);

// Decodes the five XML entities and numeric character references once ("&amp;lt;" ->
// "&lt;"). Used to undo the double escaping before HtmlToText.
std::string UnescapeHtmlEntitiesOnce(const std::string& text);

// HtmlToText after undoing double escaping when LooksDoubleEscaped says so. What connectors
// call on a provider's description field.
std::string DescriptionToText(const std::string& html_or_text);

}  // namespace jobrec::ingest
