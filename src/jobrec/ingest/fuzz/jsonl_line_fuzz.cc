// libFuzzer target: one JSON Lines line through PostingFromJson, FinalizePosting and back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jobrec/ingest/fuzz/fuzz_check.h"
#include "jobrec/ingest/posting_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobrec::ingest;
  const std::string line(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<Posting> posting = ParsePostingLine(line, "fuzz");
  if (!posting.ok()) {
    fuzz::Check(!posting.status().message().empty(), "a rejection has a reason");
    return 0;
  }
  fuzz::CheckCleanText(posting->description);
  fuzz::Check(IsValidUtf8(posting->title) && IsValidUtf8(posting->company),
              "single-line fields are valid UTF-8");
  const std::string written = PostingToJson(*posting).dump();
  // What we write reads back as the same posting.
  absl::StatusOr<Posting> again = ParsePostingLine(written, "fuzz");
  fuzz::Check(again.ok(), "a written posting reads back");
  fuzz::Check(PostingToJson(*again).dump() == written, "write/read/write is stable");
  return 0;
}
