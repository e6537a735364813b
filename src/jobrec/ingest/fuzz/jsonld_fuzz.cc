// libFuzzer target: JSON-LD extraction and JobPosting mapping. When the first byte is odd the
// rest is wrapped in a JSON-LD script element, so the fuzzer reaches the JSON mapping without
// having to discover the HTML around it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jobrec/ingest/fuzz/fuzz_check.h"
#include "jobrec/ingest/jsonld.h"
#include "jobrec/ingest/posting_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobrec::ingest;
  if (size == 0) return 0;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) input = "<script type=\"application/ld+json\">" + input + "</script>";
  const JsonLdPage page = JobPostingsFromHtml(input, "https://careers.example/jobs/", "fuzz");
  for (const Posting& p : page.postings) {
    fuzz::Check(!p.external_id.empty() && !p.title.empty(), "postings have an id and a title");
    fuzz::CheckCleanText(p.description);
    (void)PostingToJson(p).dump();  // throws (and so crashes) on invalid UTF-8
    fuzz::Check(nlohmann::json::accept(p.raw_json), "the item is kept as JSON");
  }
  return 0;
}
