#include "jobrec/ingest/normalize_posting.h"

#include <string_view>

#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string CleanField(const std::string& text) {
  return TruncateUtf8(CleanLine(text), kMaxLineFieldBytes);
}

// Repaired, whitespace-normalised and bounded.
std::string CleanDescription(const std::string& text) {
  std::string out = CollapseWhitespaceMultiline(FixMojibake(SanitizeUtf8(text)));
  if (out.size() > kMaxDescriptionBytes) {
    out = TruncateUtf8(out, kMaxDescriptionBytes - 3) + "…";
  }
  return out;
}

}  // namespace

std::string DescribeError(const absl::Status& status) {
  const std::string field = common::FieldOf(status);
  const std::string message(status.message());
  return field.empty() ? message : field + " " + message;
}

std::string TruncateUtf8(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && IsContinuationByte(text[cut])) --cut;
  return text.substr(0, cut);
}

absl::Status FinalizePosting(Posting& p) {
  for (std::string* field : {&p.provider, &p.external_id, &p.url, &p.title, &p.company,
                             &p.location.text, &p.location.city, &p.location.region,
                             &p.location.country}) {
    *field = CleanField(*field);
  }
  p.description = CleanDescription(p.description);
  static constexpr std::string_view kTypes[] = {"full_time", "part_time", "contract",
                                                "temporary", "internship"};
  bool known_type = false;
  for (std::string_view t : kTypes) known_type = known_type || p.employment_type == t;
  if (!known_type) p.employment_type.clear();
  if (p.salary && !p.salary->min && !p.salary->max) p.salary.reset();
  if (p.provider.empty()) return common::InvalidField("provider", "is empty");
  if (p.external_id.empty()) return common::InvalidField("external_id", "is empty");
  if (p.title.empty()) return common::InvalidField("title", "is empty");
  if (p.posted_at && p.expires_at && *p.expires_at < *p.posted_at) {
    return common::InvalidField("expires_at", "is before posted_at");
  }
  return absl::OkStatus();
}

}  // namespace jobrec::ingest
