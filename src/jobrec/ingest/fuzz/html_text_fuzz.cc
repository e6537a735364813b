// libFuzzer target: HTML -> text on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jobrec/ingest/fuzz/fuzz_check.h"
#include "jobrec/ingest/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobrec::ingest;
  const std::string input(reinterpret_cast<const char*>(data), size);
  fuzz::CheckCleanText(HtmlToText(input));
  fuzz::CheckCleanText(DescriptionToText(input));
  fuzz::Check(IsValidUtf8(UnescapeHtmlEntitiesOnce(SanitizeUtf8(input))),
              "unescaping valid UTF-8 keeps it valid");
  return 0;
}
