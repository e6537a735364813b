// Property checks for the fuzz targets: a violated property aborts, which libFuzzer reports
// as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest::fuzz {

inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

// What every text we hand on must be: valid UTF-8, no "\n\n\n", no leading blank line.
inline void CheckCleanText(const std::string& text) {
  Check(IsValidUtf8(text), "output is valid UTF-8");
  Check(text.find("\n\n\n") == std::string::npos, "at most one blank line in a row");
  Check(text.empty() || text.front() != '\n', "no leading line break");
}

}  // namespace jobrec::ingest::fuzz
