#include "jobrec/ingest/normalize_text.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobrec::ingest {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one well-formed UTF-8 sequence at text[i]; returns its length, or 0 when the bytes
// there are ill-formed. `*cp` receives the code point.
size_t DecodeOne(std::string_view text, size_t i, char32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const size_t n = text.size();
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  char32_t value;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  *cp = value;
  return len;
}

// Length of the maximal ill-formed subpart starting at text[i] (at least 1): the bytes that a
// well-formed sequence could have started with before it went wrong.
size_t BadSubpartLength(const std::string& text, size_t i) {
  const uint8_t b0 = static_cast<uint8_t>(text[i]);
  size_t len = 0;
  uint8_t lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  size_t k = 1;
  for (; k < len && i + k < text.size(); ++k) {
    const uint8_t b = static_cast<uint8_t>(text[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
  }
  return k;
}

// Code points of Windows-1252 bytes 0x80..0x9F (0 where the byte is undefined).
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The byte a Windows-1252 decoder turned into `cp`, when there is one. Code points
// U+0080..U+009F map to themselves: tools that decode the undefined bytes as Latin-1 leave
// them so ("â€\x9d" for a closing quote).
std::optional<uint8_t> Cp1252Byte(char32_t cp) {
  if (cp >= 0x80 && cp <= 0xFF) return static_cast<uint8_t>(cp);
  for (size_t k = 0; k < kCp1252High.size(); ++k) {
    if (kCp1252High[k] == cp && cp != 0) return static_cast<uint8_t>(0x80 + k);
  }
  return std::nullopt;
}

struct Decoded {
  char32_t cp;
  size_t offset;
  size_t length;
};

std::vector<Decoded> DecodeAll(const std::string& text) {
  std::vector<Decoded> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = DecodeOne(text, i, &cp);
    if (len == 0) {
      cp = kReplacement;
      len = 1;
    }
    out.push_back({cp, i, len});
    i += len;
  }
  return out;
}

// Leads of mojibake sequences we repair: "Â"/"Ã"/"Å" start the two-byte sequences of
// U+0080..U+017F (Latin-1 letters and punctuation, Œœ Šš Žž), "â" the three-byte sequences of
// U+2000..U+2FFF (quotes, dashes, bullets, ellipsis, €, ™). Other leads would too often be
// genuine accented capitals followed by a symbol.
bool IsRepairableLead(uint8_t byte) {
  return byte == 0xC2 || byte == 0xC3 || byte == 0xC5 || byte == 0xE2;
}

bool IsUnicodeSpace(char32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool IsZeroWidth(char32_t cp) { return cp == 0x200B || cp == 0xFEFF || cp == 0x2060; }

}  // namespace

bool IsValidUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t len = DecodeOne(text, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(const std::string& text) {
  if (IsValidUtf8(text)) return text;
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    const size_t len = DecodeOne(text, i, &cp);
    if (len == 0) {
      AppendUtf8(kReplacement, &out);
      i += BadSubpartLength(text, i);
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

std::string FixMojibake(const std::string& text) {
  // Fast path: every mojibake sequence we repair starts with U+00C2, U+00C3, U+00C5 or U+00E2,
  // whose UTF-8 encodings all start with byte 0xC3.
  if (text.find('\xC3') == std::string::npos) return text;
  const std::vector<Decoded> chars = DecodeAll(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < chars.size();) {
    const std::optional<uint8_t> lead = Cp1252Byte(chars[i].cp);
    if (lead && IsRepairableLead(*lead) && chars[i].cp >= 0xC0) {
      const size_t need = *lead >= 0xE0 ? 3 : 2;
      std::string bytes(1, static_cast<char>(*lead));
      size_t k = 1;
      for (; k < need && i + k < chars.size(); ++k) {
        const std::optional<uint8_t> b = Cp1252Byte(chars[i + k].cp);
        if (!b || *b < 0x80 || *b > 0xBF) break;
        bytes.push_back(static_cast<char>(*b));
      }
      char32_t repaired;
      if (k == need && DecodeOne(bytes, 0, &repaired) == need) {
        AppendUtf8(repaired, &out);
        i += need;
        continue;
      }
      // A lone "Â" before a space or at the end is what remains of a no-break space whose
      // second byte was lost or normalised to a space.
      if (*lead == 0xC2 && (i + 1 == chars.size() || IsUnicodeSpace(chars[i + 1].cp))) {
        ++i;
        continue;
      }
    }
    out.append(text, chars[i].offset, chars[i].length);
    ++i;
  }
  return out;
}

namespace {

bool IsPrintableAscii(char c) { return c > ' ' && c < 0x7f; }

// CollapseWhitespace of `text`, appended to `out` (empty: line by line, the lines' buffer is
// reused).
void AppendCollapsed(std::string_view text, std::string& out) {
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    // Printable ASCII, most of any text, needs no decoding: a run of it is appended whole.
    if (IsPrintableAscii(text[i])) {
      size_t end = i + 1;
      while (end < text.size() && IsPrintableAscii(text[end])) ++end;
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    char32_t cp;
    size_t len = DecodeOne(text, i, &cp);
    if (len == 0) {
      cp = kReplacement;
      len = 1;
    }
    if (IsUnicodeSpace(cp)) {
      pending_space = !out.empty();
    } else if (!IsZeroWidth(cp)) {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      if (cp == kReplacement && len == 1) {
        AppendUtf8(kReplacement, &out);
      } else {
        out.append(text.substr(i, len));
      }
    }
    i += len;
  }
}

}  // namespace

std::string CollapseWhitespace(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  AppendCollapsed(text, out);
  return out;
}

std::string CollapseWhitespaceMultiline(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::string line;
  bool pending_blank = false;
  size_t start = 0;
  while (start <= text.size()) {
    // (find_first_of would call memchr over "\r\n" once per character.)
    size_t end = start;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    line.clear();
    AppendCollapsed(std::string_view(text).substr(start, end - start), line);
    if (line.empty()) {
      pending_blank = !out.empty();
    } else {
      if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
      pending_blank = false;
      out += line;
    }
    // "\r\n" is one line end.
    start = (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ? end + 2
                                                                                : end + 1;
  }
  return out;
}

std::string CleanLine(const std::string& text) {
  return CollapseWhitespace(FixMojibake(SanitizeUtf8(text)));
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string AsciiLower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace jobrec::ingest
