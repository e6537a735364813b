#include "jobrec/embed/text_preprocess.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace jobrec::embed {
namespace {

enum class Kind : uint8_t {
  kLetter,     // part of a token; `text` is its lower-cased, folded UTF-8 form
  kDigit,      // part of a token; `text` is the ASCII digit
  kJoiner,     // one of - . / & ' + # ; `joiner` says which
  kIgnore,     // removed without separating (combining marks, soft hyphen, ZWJ)
  kSeparator,  // ends the current chunk
};

struct CharClass {
  Kind kind = Kind::kSeparator;
  char joiner = 0;
  // Replacement text for letters and digits: up to 4 UTF-8 bytes, or up to 3 ASCII letters
  // for a fold such as "ffi".
  char text[5] = {};
  uint8_t text_len = 0;
};

CharClass Separator() { return {}; }
CharClass Ignore() { return {Kind::kIgnore}; }
CharClass Joiner(char c) { return {Kind::kJoiner, c}; }

CharClass Ascii(const char* s, Kind kind = Kind::kLetter) {
  CharClass c{kind};
  c.text_len = 0;
  while (s[c.text_len] != '\0' && c.text_len < 4) {
    c.text[c.text_len] = s[c.text_len];
    ++c.text_len;
  }
  return c;
}

CharClass EncodedLetter(char32_t cp) {
  CharClass c{Kind::kLetter};
  if (cp < 0x80) {
    c.text[0] = static_cast<char>(cp);
    c.text_len = 1;
  } else if (cp < 0x800) {
    c.text[0] = static_cast<char>(0xC0 | (cp >> 6));
    c.text[1] = static_cast<char>(0x80 | (cp & 0x3F));
    c.text_len = 2;
  } else if (cp < 0x10000) {
    c.text[0] = static_cast<char>(0xE0 | (cp >> 12));
    c.text[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    c.text[2] = static_cast<char>(0x80 | (cp & 0x3F));
    c.text_len = 3;
  } else {
    c.text[0] = static_cast<char>(0xF0 | (cp >> 18));
    c.text[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    c.text[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    c.text[3] = static_cast<char>(0x80 | (cp & 0x3F));
    c.text_len = 4;
  }
  return c;
}

// Folds of U+00C0..U+017F as runs of (replacement, count); nullptr marks × and ÷.
struct FoldRun {
  const char* text;
  int count;
};
// clang-format off
constexpr FoldRun kLatinFolds[] = {
    // U+00C0..U+00FF (Latin-1 letters, upper then lower case)
    {"a", 6}, {"ae", 1}, {"c", 1}, {"e", 4}, {"i", 4}, {"d", 1}, {"n", 1}, {"o", 5},
    {nullptr, 1}, {"o", 1}, {"u", 4}, {"y", 1}, {"th", 1}, {"ss", 1},
    {"a", 6}, {"ae", 1}, {"c", 1}, {"e", 4}, {"i", 4}, {"d", 1}, {"n", 1}, {"o", 5},
    {nullptr, 1}, {"o", 1}, {"u", 4}, {"y", 1}, {"th", 1}, {"y", 1},
    // U+0100..U+017F (Latin Extended-A)
    {"a", 6}, {"c", 8}, {"d", 4}, {"e", 10}, {"g", 8}, {"h", 4}, {"i", 10}, {"ij", 2},
    {"j", 2}, {"k", 3}, {"l", 10}, {"n", 9}, {"o", 6}, {"oe", 2}, {"r", 6}, {"s", 8},
    {"t", 6}, {"u", 12}, {"w", 2}, {"y", 3}, {"z", 6}, {"s", 1},
};
// clang-format on

class Tables {
 public:
  Tables() {
    for (int c = 0; c < 128; ++c) ascii_[c] = Separator();
    for (int c = 'a'; c <= 'z'; ++c) {
      const char s[2] = {static_cast<char>(c), 0};
      ascii_[c] = Ascii(s);
      ascii_[c - 'a' + 'A'] = Ascii(s);
    }
    for (int c = '0'; c <= '9'; ++c) {
      const char s[2] = {static_cast<char>(c), 0};
      ascii_[c] = Ascii(s, Kind::kDigit);
    }
    for (char j : {'-', '.', '/', '&', '\'', '+', '#'}) ascii_[static_cast<int>(j)] = Joiner(j);

    int cp = 0xC0;
    for (const FoldRun& run : kLatinFolds) {
      for (int i = 0; i < run.count; ++i, ++cp) {
        latin_[cp - 0xC0] = run.text == nullptr ? Separator() : Ascii(run.text);
      }
    }
  }

  const CharClass& AsciiClass(unsigned char c) const { return ascii_[c]; }
  const CharClass& LatinClass(char32_t cp) const { return latin_[cp - 0xC0]; }

 private:
  std::array<CharClass, 128> ascii_;
  std::array<CharClass, 0x180 - 0xC0> latin_;
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

char32_t GreekLower(char32_t cp) {
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
  return cp;
}

char32_t CyrillicLower(char32_t cp) {
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

// Classifies a non-ASCII code point. Scripts we do not know stay letters, unchanged.
CharClass ClassifyNonAscii(char32_t cp) {
  if (cp < 0xA0) return Separator();  // C1 controls
  if (cp < 0xC0) {
    switch (cp) {
      case 0xAA:
        return Ascii("a");
      case 0xBA:
        return Ascii("o");
      case 0xB5:
        return EncodedLetter(0x3BC);  // micro sign -> Greek mu
      case 0xB2:
        return Ascii("2", Kind::kDigit);
      case 0xB3:
        return Ascii("3", Kind::kDigit);
      case 0xB9:
        return Ascii("1", Kind::kDigit);
      case 0xAD:
        return Ignore();  // soft hyphen
      default:
        return Separator();
    }
  }
  if (cp < 0x180) return GetTables().LatinClass(cp);
  if (cp == 0x218 || cp == 0x219) return Ascii("s");  // Romanian comma-below letters
  if (cp == 0x21A || cp == 0x21B) return Ascii("t");
  if (cp >= 0x300 && cp <= 0x36F) return Ignore();     // combining diacritics
  if (cp == 0x37E || cp == 0x387) return Separator();  // Greek punctuation
  if (cp >= 0x370 && cp <= 0x3FF) return EncodedLetter(GreekLower(cp));
  if (cp >= 0x400 && cp <= 0x4FF) return EncodedLetter(CyrillicLower(cp));
  if (cp >= 0x2000 && cp <= 0x206F) {
    if (cp == 0x2010 || cp == 0x2011) return Joiner('-');
    if (cp == 0x2019) return Joiner('\'');
    if (cp == 0x200C || cp == 0x200D || cp == 0x2060) return Ignore();
    return Separator();  // spaces, dashes, quotes, bullets, ellipsis, ...
  }
  // Super/subscripts, currency, letterlike symbols, arrows, maths, box drawing, shapes,
  // dingbats, CJK punctuation.
  if (cp >= 0x2070 && cp <= 0x2BFF) return Separator();
  if (cp >= 0x2E00 && cp <= 0x2E7F) return Separator();
  if (cp >= 0x3000 && cp <= 0x303F) return Separator();
  if (cp >= 0xE000 && cp <= 0xF8FF) return Separator();  // private use
  if (cp >= 0xFB00 && cp <= 0xFB06) {
    static constexpr const char* kLigatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    return Ascii(kLigatures[cp - 0xFB00]);
  }
  if (cp >= 0xFE00 && cp <= 0xFE0F) return Ignore();  // variation selectors
  if (cp >= 0xFF01 && cp <= 0xFF5E) {                 // full-width ASCII
    return GetTables().AsciiClass(static_cast<unsigned char>(cp - 0xFF01 + 0x21));
  }
  if (cp >= 0xFE10 && cp <= 0xFFFF) return Separator();    // forms, BOM, specials, U+FFFD
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return Separator();  // emoji and pictographs
  if (cp >= 0xE0000 && cp <= 0xE007F) return Ignore();     // tag characters
  return EncodedLetter(cp);
}

// Decodes one UTF-8 sequence at text[*pos]; advances *pos. Returns false for an invalid
// sequence (after skipping one byte).
bool DecodeUtf8(std::string_view text, size_t* pos, char32_t* out) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  int len;
  char32_t cp;
  char32_t min;
  if (lead < 0xC2 || lead > 0xF4) {  // continuation byte, overlong 2-byte lead, or > U+10FFFF
    ++*pos;
    return false;
  } else if (lead < 0xE0) {
    len = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead < 0xF0) {
    len = 3, cp = lead & 0x0F, min = 0x800;
  } else {
    len = 4, cp = lead & 0x07, min = 0x10000;
  }
  if (*pos + len > text.size()) {
    ++*pos;
    return false;
  }
  for (int i = 1; i < len; ++i) {
    const unsigned char b = byte(*pos + i);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return false;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return false;
  }
  *pos += len;
  *out = cp;
  return true;
}

// Technical suffixes after a '.' that belong to the token (node.js, asp.net, example.com).
bool IsDotSuffix(std::string_view part) {
  static constexpr std::string_view kSuffixes[] = {"js", "ts", "net", "io",  "py",
                                                   "ai", "db", "com", "org", "co"};
  return std::find(std::begin(kSuffixes), std::end(kSuffixes), part) != std::end(kSuffixes);
}

// One run of token characters inside a chunk.
struct Part {
  std::string text;
  int chars = 0;
  bool all_digits = true;
  bool starts_with_letter = false;
  bool ends_with_letter = false;
};

enum class Join { kKeep, kDrop, kSplit };

Join JoinDecision(const std::string& run, const Part& left, const Part& right) {
  if (run.size() != 1) return Join::kSplit;
  switch (run[0]) {
    case '-':
      return left.all_digits && right.all_digits ? Join::kSplit : Join::kKeep;
    case '.':
      if (left.all_digits && right.all_digits) return Join::kKeep;
      if (IsDotSuffix(right.text)) return Join::kKeep;
      return left.chars <= 2 && right.chars <= 2 ? Join::kKeep : Join::kSplit;
    case '/':
    case '&':
      return left.chars <= 2 && right.chars <= 2 ? Join::kKeep : Join::kSplit;
    case '\'':
      return left.ends_with_letter && right.starts_with_letter ? Join::kDrop : Join::kSplit;
    default:
      return Join::kSplit;
  }
}

// "c++" / "c#": the start of the joiner run after a token that stays with it.
std::string_view TrailingSuffix(std::string_view run, const Part& left) {
  if (!left.ends_with_letter) return {};
  if (run.starts_with("++")) return run.substr(0, 2);
  if (run.starts_with("+") || run.starts_with("#")) return run.substr(0, 1);
  return {};
}

// ".net": a single '.' ending the joiner run before a token that is a technical suffix.
bool KeepsLeadingDot(std::string_view run, const Part& right) {
  return run.ends_with('.') && !run.ends_with("..") && IsDotSuffix(right.text);
}

// Collects the chunk between two separators as alternating parts and joiner runs, then
// decides which joiners stay.
class ChunkBuilder {
 public:
  explicit ChunkBuilder(std::string* out) : out_(out) {}

  void AddTokenChar(const CharClass& c) {
    if (!in_part_) {
      parts_.emplace_back();
      runs_.emplace_back();  // the joiner run after this part, possibly empty
      in_part_ = true;
    }
    Part& part = parts_.back();
    part.text.append(c.text, c.text_len);
    if (part.chars == 0) part.starts_with_letter = c.kind == Kind::kLetter;
    part.ends_with_letter = c.kind == Kind::kLetter;
    part.all_digits = part.all_digits && c.kind == Kind::kDigit;
    ++part.chars;
  }

  void AddJoiner(char j) {
    in_part_ = false;
    (parts_.empty() ? leading_run_ : runs_.back()).push_back(j);
  }

  void Flush() {
    if (!parts_.empty()) Emit();
    parts_.clear();
    runs_.clear();
    leading_run_.clear();
    in_part_ = false;
  }

 private:
  void Emit() {
    std::string token;
    int token_chars = 0;
    if (KeepsLeadingDot(leading_run_, parts_[0])) {
      token = ".";
      token_chars = 1;
    }
    for (size_t i = 0; i < parts_.size(); ++i) {
      token += parts_[i].text;
      token_chars += parts_[i].chars;
      const std::string& run = runs_[i];
      if (i + 1 < parts_.size()) {
        switch (JoinDecision(run, parts_[i], parts_[i + 1])) {
          case Join::kKeep:
            token += run;
            token_chars += 1;
            break;
          case Join::kDrop:
            break;
          case Join::kSplit: {
            // "c++/cli" keeps its "++"; in "a+b" the '+' joins nothing and is dropped.
            std::string_view suffix = TrailingSuffix(run, parts_[i]);
            if (suffix.size() == run.size()) suffix = {};
            token.append(suffix);
            EmitToken(token, token_chars + static_cast<int>(suffix.size()));
            const bool dot = KeepsLeadingDot(run, parts_[i + 1]);
            token.clear();
            if (dot) token.push_back('.');
            token_chars = dot ? 1 : 0;
            break;
          }
        }
      } else {
        const std::string_view suffix = TrailingSuffix(run, parts_[i]);
        token += suffix;
        token_chars += static_cast<int>(suffix.size());
      }
    }
    EmitToken(token, token_chars);
  }

  void EmitToken(const std::string& token, int chars) {
    if (token.empty() || chars > kMaxTokenChars) return;
    if (!out_->empty()) out_->push_back(' ');
    out_->append(token);
  }

  std::string* out_;
  std::vector<Part> parts_;
  std::vector<std::string> runs_;  // runs_[i] follows parts_[i]
  std::string leading_run_;
  bool in_part_ = false;
};

}  // namespace

std::string PreprocessText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ChunkBuilder chunk(&out);
  const Tables& tables = GetTables();
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    CharClass non_ascii;
    const CharClass* c;
    if (lead < 0x80) {
      c = &tables.AsciiClass(lead);
      ++pos;
    } else {
      char32_t cp;
      non_ascii = DecodeUtf8(text, &pos, &cp) ? ClassifyNonAscii(cp) : Separator();
      c = &non_ascii;
    }
    switch (c->kind) {
      case Kind::kLetter:
      case Kind::kDigit:
        chunk.AddTokenChar(*c);
        break;
      case Kind::kJoiner:
        chunk.AddJoiner(c->joiner);
        break;
      case Kind::kIgnore:
        break;
      case Kind::kSeparator:
        chunk.Flush();
        break;
    }
  }
  chunk.Flush();
  return out;
}

std::vector<std::string_view> SplitTokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t end = std::min(line.find(' ', pos), line.size());
    if (end > pos) tokens.push_back(line.substr(pos, end - pos));
    pos = end + 1;
  }
  return tokens;
}

}  // namespace jobrec::embed
