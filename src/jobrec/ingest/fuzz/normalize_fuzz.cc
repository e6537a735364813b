// libFuzzer target: the free-text normalisers (salary, dates, locations, work mode,
// employment type, mojibake, dedupe keys) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jobrec/ingest/dedupe.h"
#include "jobrec/ingest/fuzz/fuzz_check.h"
#include "jobrec/ingest/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobrec::ingest;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto salary = ParseSalaryText(text); salary.ok()) {
    fuzz::Check(salary->min || salary->max, "a salary has an amount");
    fuzz::Check(!salary->min || !salary->max || *salary->min <= *salary->max, "min <= max");
    fuzz::Check(AnnualisationFactor(salary->period).ok(), "a salary has a known period");
  }
  if (auto t = ParseTimestamp(text); t.ok()) {
    auto again = ParseTimestamp(FormatTimestamp(*t));
    fuzz::Check(again.ok() && *again == *t, "a parsed date formats and parses back");
  }
  const Location loc = ParseLocation(text);
  fuzz::Check(IsValidUtf8(loc.text) && IsValidUtf8(loc.city) && IsValidUtf8(loc.region),
              "location parts are valid UTF-8");
  fuzz::Check(loc.country.empty() || loc.country.size() == 2, "countries are ISO-2");
  (void)DetectRemoteMode(text);
  (void)NormalizeEmploymentType(text);
  (void)NormalizeCurrency(text);
  (void)NormalizePeriod(text);
  const std::string valid = SanitizeUtf8(text);
  fuzz::Check(IsValidUtf8(FixMojibake(valid)), "mojibake repair keeps UTF-8 valid");
  fuzz::Check(IsValidUtf8(CleanLine(text)), "CleanLine output is valid UTF-8");
  (void)CanonicalUrl(text);
  (void)NormalizeCompany(text);
  (void)SimHash(text);
  return 0;
}
