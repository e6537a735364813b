// Text normalisation shared by fastText training and inference. The model only ever sees text
// that went through PreprocessText, so a posting embedded today and the corpus the model was
// trained on agree on what a token is.
//
// Pure functions, thread-safe, never throw, linear in the input size.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jobrec::embed {

// Tokens longer than this many characters (code points) are dropped: they are URLs without
// separators, base64, hashes — no meaning, and they would bloat the embedder's OOV cache.
inline constexpr int kMaxTokenChars = 64;

// Returns the tokens of `text` joined by single ASCII spaces, with no leading or trailing space
// ("" when there is no token). The result is always valid UTF-8 and contains no byte other
// than the space that C's isspace() accepts, so fastText's whitespace tokeniser and
// SplitTokens agree on it.
//
// Rules, in order:
// - Decoding: UTF-8; an invalid byte (bad lead byte, truncated or overlong sequence,
//   surrogate, > U+10FFFF) separates tokens, so garbage never reaches the output.
// - Case and accents: lower-cased and folded to ASCII for Latin-1 and Latin Extended-A
//   ("Événement" -> "evenement", "Straße" -> "strasse", "Æ" -> "ae", "Ł" -> "l"), plus the
//   common ligatures and full-width ASCII; Greek and Cyrillic are lower-cased, not folded.
//   Folding is deliberate: a profile typed without accents must match a posting with them.
//   Combining marks (decomposed accents), soft hyphens and zero-width joiners are removed.
// - Separators: whitespace, control characters, and all punctuation and symbols, except the
//   joiners below when they sit inside a token.
// - Joiners (kept only where they carry meaning; otherwise they separate):
//     '-'  between two parts unless both are numbers: "e-commerce", "front-end", "covid-19";
//          "9-5" -> "9 5".
//     '.'  between numbers ("3.5"), before a known technical suffix ("node.js", "asp.net",
//          "socket.io", "example.com"), or between two parts of at most 2 characters
//          ("e.g", "ph.d", "u.s"); a leading '.' before a known suffix is kept (".net").
//          A sentence glued to the next one ("team.We") is split.
//     '/' '&' between two parts of at most 2 characters: "ci/cd", "ui/ux", "24/7", "r&d",
//          "at&t"; longer parts are separate words: "html/css" -> "html css".
//     '\'' and U+2019 between letters are removed: "master's" -> "masters".
//     '+' '#' right after a letter at the end of a token: "c++", "c#", "f#", "notepad++";
//          "3+ years" -> "3 years", "a+b" -> "a b".
// - Tokens longer than kMaxTokenChars characters are dropped.
std::string PreprocessText(std::string_view text);

// Splits a line produced by PreprocessText into its tokens (views into `line`). Also accepts
// any text: splits on runs of ASCII spaces and skips empty pieces.
std::vector<std::string_view> SplitTokens(std::string_view line);

}  // namespace jobrec::embed
