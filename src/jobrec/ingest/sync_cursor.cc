#include "jobrec/ingest/sync_cursor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/normalize_date.h"

namespace jobrec::ingest {
namespace {

absl::StatusOr<std::optional<TimePoint>> TimeField(const nlohmann::json& cursor, const char* key) {
  auto it = cursor.find(key);
  if (it == cursor.end() || it->is_null()) return std::optional<TimePoint>();
  if (!it->is_string()) {
    return common::InvalidField(absl::StrCat("cursor.", key), "expected a timestamp string");
  }
  auto parsed = ParseTimestamp(it->get<std::string>());
  if (!parsed.ok()) {
    return common::InvalidField(absl::StrCat("cursor.", key),
                                std::string(parsed.status().message()));
  }
  return std::optional<TimePoint>(*parsed);
}

}  // namespace

TimePoint SystemNow() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

absl::StatusOr<SyncCursor> SyncCursor::Parse(const nlohmann::json& cursor) {
  SyncCursor parsed;
  if (cursor.is_null()) return parsed;
  if (!cursor.is_object()) return common::InvalidField("cursor", "expected a JSON object");
  if (auto it = cursor.find("next"); it != cursor.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0) {
      return common::InvalidField("cursor.next", "expected a non-negative integer");
    }
    parsed.next = it->get<int64_t>();
  }
  JOBREC_ASSIGN_OR_RETURN(parsed.since, TimeField(cursor, "since"));
  JOBREC_ASSIGN_OR_RETURN(parsed.mark, TimeField(cursor, "mark"));
  return parsed;
}

SyncCursor SyncCursor::Resume(int64_t first, std::optional<TimePoint> start_mark) const {
  if (next) return *this;
  return SyncCursor{.next = first, .since = since, .mark = start_mark};
}

std::optional<int> SyncCursor::DaysBack() const {
  if (!since || !mark) return std::nullopt;
  constexpr int64_t kDay = 86'400;
  const int64_t seconds = std::max<int64_t>((*mark - *since).count(), 0);
  return static_cast<int>((seconds + kDay - 1) / kDay) + 1;
}

bool SyncCursor::IsOld(std::optional<TimePoint> item_time) {
  if (!item_time) return false;
  if (!mark || *item_time > *mark) mark = item_time;
  return since && *item_time <= *since;
}

nlohmann::json SyncCursor::After(bool last, int64_t next_position) const {
  nlohmann::json saved = nlohmann::json::object();
  if (last) {
    if (auto bound = mark ? mark : since) saved["since"] = FormatTimestamp(*bound);
    return saved;
  }
  saved["next"] = next_position;
  if (since) saved["since"] = FormatTimestamp(*since);
  if (mark) saved["mark"] = FormatTimestamp(*mark);
  return saved;
}

}  // namespace jobrec::ingest
