// Text clean-up shared by every source: UTF-8 repair, the common "UTF-8 read as cp1252"
// mojibake, and whitespace collapsing for single-line fields (title, company, city).
//
// All functions are pure and thread-safe; none fails: bad bytes are replaced, not rejected.
#pragma once

#include <string>

namespace jobrec::ingest {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(const std::string& text);

// `text` with every ill-formed byte sequence replaced by U+FFFD (one per maximal bad subpart,
// as the Unicode standard recommends). Valid input is returned unchanged.
std::string SanitizeUtf8(const std::string& text);

// Undoes the mojibake produced when UTF-8 text was decoded as Windows-1252 and re-encoded:
// "â€™" -> "’", "â€œ" -> "“", "â€“" -> "–", "â€¢" -> "•", "Ã©" -> "é", "Â " -> nbsp … Only
// sequences that are unambiguous in job text are replaced (a lone "Ã" or "â" stays). Expects
// valid UTF-8 (call SanitizeUtf8 first).
std::string FixMojibake(const std::string& text);

// Collapses every run of Unicode whitespace (including nbsp, tabs and newlines) to one ASCII
// space and trims both ends. For single-line fields.
std::string CollapseWhitespace(const std::string& text);

// Multi-line text: CollapseWhitespace on each line, lines that become empty count as blank,
// at most one blank line in a row and none at either end. "\r\n" and "\r" end lines too.
std::string CollapseWhitespaceMultiline(const std::string& text);

// SanitizeUtf8 + FixMojibake + CollapseWhitespace: what a title, company or city goes through.
std::string CleanLine(const std::string& text);

// Appends the UTF-8 encoding of a Unicode scalar value (the caller checks the range).
void AppendUtf8(char32_t code_point, std::string* out);

// Lower-cases ASCII letters only (locale-independent).
std::string AsciiLower(std::string text);

}  // namespace jobrec::ingest
