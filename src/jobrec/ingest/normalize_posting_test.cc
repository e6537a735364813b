#include "jobrec/ingest/normalize_posting.h"

#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

Posting Valid() {
  Posting p;
  p.provider = "file:test";
  p.external_id = "1";
  p.title = "  Data  Scientist ";
  p.company = "Acme\xC2\xA0Inc";
  p.description = "\n\nLine one  \n\n\n\nLine twoâ€™s\n";
  p.employment_type = "full_time";
  return p;
}

TEST(FinalizePosting, CleansFields) {
  Posting p = Valid();
  ASSERT_TRUE(FinalizePosting(p).ok());
  EXPECT_EQ(p.title, "Data Scientist");
  EXPECT_EQ(p.company, "Acme Inc");
  EXPECT_EQ(p.description, "Line one\n\nLine two’s");
  EXPECT_EQ(p.employment_type, "full_time");
}

TEST(FinalizePosting, RequiresIdentity) {
  for (auto clear : {+[](Posting& p) { p.provider = " "; }, +[](Posting& p) { p.external_id = ""; },
                     +[](Posting& p) { p.title = "\xC2\xA0"; }}) {
    Posting p = Valid();
    clear(p);
    const absl::Status st = FinalizePosting(p);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_FALSE(common::FieldOf(st).empty());
  }
}

TEST(FinalizePosting, DropsUnknownTypesAndEmptySalaries) {
  Posting p = Valid();
  p.employment_type = "Full-time";  // not normalised: a connector bug, not a rejection
  p.salary = Salary{};
  ASSERT_TRUE(FinalizePosting(p).ok());
  EXPECT_EQ(p.employment_type, "");
  EXPECT_FALSE(p.salary);
}

TEST(FinalizePosting, ExpiryBeforePosting) {
  Posting p = Valid();
  p.posted_at = TimePoint(std::chrono::seconds(2000));
  p.expires_at = TimePoint(std::chrono::seconds(1000));
  EXPECT_EQ(common::FieldOf(FinalizePosting(p)), "expires_at");
}

TEST(FinalizePosting, BoundsSizesOnCharacterBoundaries) {
  Posting p = Valid();
  p.title = std::string(kMaxLineFieldBytes - 1, 'a') + "é";
  std::string huge;
  while (huge.size() < kMaxDescriptionBytes + 100) huge += "ü word ";
  p.description = huge;
  ASSERT_TRUE(FinalizePosting(p).ok());
  EXPECT_LE(p.title.size(), kMaxLineFieldBytes);
  EXPECT_TRUE(IsValidUtf8(p.title));
  EXPECT_LE(p.description.size(), kMaxDescriptionBytes);
  EXPECT_TRUE(IsValidUtf8(p.description));
}

TEST(TruncateUtf8, NeverSplitsACharacter) {
  EXPECT_EQ(TruncateUtf8("abc", 10), "abc");
  EXPECT_EQ(TruncateUtf8("aé", 2), "a");
  EXPECT_EQ(TruncateUtf8("😀", 3), "");
  EXPECT_EQ(TruncateUtf8("ab", 0), "");
}

}  // namespace
}  // namespace jobrec::ingest
