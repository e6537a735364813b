#include "jobrec/ingest/normalize_date.h"

#include <cctype>
#include <cmath>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2200;
constexpr int64_t kMillisThreshold = 100'000'000'000;

absl::Status Bad(const std::string& text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad date \"", text.substr(0, 40), "\": ", std::string(why)));
}

// A cursor over the text with the few primitives the two grammars need.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpaces() {
    while (!AtEnd() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  // Exactly `min`..`max` digits.
  std::optional<int> Digits(size_t min, size_t max) {
    size_t n = 0;
    int value = 0;
    while (n < max && i_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + n]))) {
      value = value * 10 + (s_[i_ + n] - '0');
      ++n;
    }
    if (n < min) return std::nullopt;
    i_ += n;
    return value;
  }
  std::string Letters() {
    std::string out;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(s_[i_]))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_++]))));
    }
    return out;
  }
  void SkipDigits() {
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

absl::StatusOr<TimePoint> Compose(const std::string& text, int y, int mo, int d, int h, int mi,
                                  int s, minutes offset) {
  if (y < kMinYear || y > kMaxYear) return Bad(text, "year out of range");
  if (mo < 1 || mo > 12) return Bad(text, "month out of range");
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(mo),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return Bad(text, "day out of range");
  // 24:00:00 is midnight at the end of the day (ISO 8601); 60 seconds is a leap second.
  if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi != 0 || s != 0))) {
    return Bad(text, "time out of range");
  }
  const auto t = std::chrono::sys_days(ymd) + hours(h) + minutes(mi) + seconds(s) - offset;
  return std::chrono::time_point_cast<seconds>(t);
}

// "Z", "+02:00", "+0200", "+02", "UTC", "GMT", "EST" … into an offset from UTC.
std::optional<minutes> ParseZone(Cursor& c) {
  c.SkipSpaces();
  if (c.AtEnd()) return minutes(0);
  if (c.Peek() == '+' || c.Peek() == '-') {
    const int sign = c.Peek() == '-' ? -1 : 1;
    c.Eat(c.Peek());
    const auto hh = c.Digits(2, 2);
    if (!hh) return std::nullopt;
    c.Eat(':');
    const auto mm = c.AtEnd() ? std::optional<int>(0) : c.Digits(2, 2);
    if (!mm || *hh > 23 || *mm > 59) return std::nullopt;
    return minutes(sign * (*hh * 60 + *mm));
  }
  static constexpr std::pair<std::string_view, int> kZones[] = {
      {"z", 0},     {"ut", 0},    {"utc", 0},   {"gmt", 0},   {"est", -300}, {"edt", -240},
      {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
      {"cet", 60},  {"cest", 120}, {"bst", 60}};
  const std::string name = c.Letters();
  for (const auto& [zone, offset] : kZones) {
    if (name == zone) return minutes(offset);
  }
  return std::nullopt;
}

// hh:mm[:ss[.fraction]] — the fraction is dropped (we keep seconds).
bool ParseClock(Cursor& c, int* h, int* mi, int* s) {
  const auto hh = c.Digits(2, 2);
  if (!hh || !c.Eat(':')) return false;
  const auto mm = c.Digits(2, 2);
  if (!mm) return false;
  *h = *hh;
  *mi = *mm;
  *s = 0;
  if (c.Eat(':')) {
    const auto ss = c.Digits(2, 2);
    if (!ss) return false;
    *s = *ss;
    if (c.Eat('.') || c.Eat(',')) {
      if (!c.Digits(1, 1)) return false;
      c.SkipDigits();
    }
  }
  return true;
}

absl::StatusOr<TimePoint> ParseIso(const std::string& text) {
  Cursor c(text);
  const auto y = c.Digits(4, 4);
  if (!y || !c.Eat('-')) return Bad(text, "expected YYYY-MM-DD");
  const auto mo = c.Digits(2, 2);
  if (!mo || !c.Eat('-')) return Bad(text, "expected YYYY-MM-DD");
  const auto d = c.Digits(2, 2);
  if (!d) return Bad(text, "expected YYYY-MM-DD");
  int h = 0, mi = 0, s = 0;
  minutes offset(0);
  if (!c.AtEnd()) {
    if (!c.Eat('T') && !c.Eat('t') && !c.Eat(' ')) return Bad(text, "expected 'T' after the date");
    if (!ParseClock(c, &h, &mi, &s)) return Bad(text, "expected hh:mm[:ss] after the date");
    const auto zone = ParseZone(c);
    if (!zone) return Bad(text, "unknown time zone");
    offset = *zone;
    c.SkipSpaces();
    if (!c.AtEnd()) return Bad(text, "unexpected text after the time zone");
  }
  return Compose(text, *y, *mo, *d, h, mi, s, offset);
}

std::optional<int> MonthFromName(const std::string& name) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return std::nullopt;
  for (int k = 0; k < 12; ++k) {
    if (name.compare(0, 3, kMonths[k]) == 0) return k + 1;
  }
  return std::nullopt;
}

// "Fri, 05 Jan 2024 10:20:30 +0000", "5 Jan 2024", "Jan 5, 2024 10:20 GMT".
absl::StatusOr<TimePoint> ParseRfc2822(const std::string& text) {
  Cursor c(text);
  c.SkipSpaces();
  std::string word = c.Letters();
  if (!word.empty() && !MonthFromName(word)) {  // a weekday
    c.Eat(',');
    c.SkipSpaces();
    word = c.Letters();
  }
  std::optional<int> day, month;
  if (word.empty()) {  // "05 Jan 2024"
    day = c.Digits(1, 2);
    c.SkipSpaces();
    month = MonthFromName(c.Letters());
  } else {  // "Jan 5, 2024"
    month = MonthFromName(word);
    c.SkipSpaces();
    day = c.Digits(1, 2);
    c.Eat(',');
  }
  if (!day || !month) return Bad(text, "expected a day and a month name");
  c.SkipSpaces();
  const auto year = c.Digits(4, 4);
  if (!year) return Bad(text, "expected a four-digit year");
  int h = 0, mi = 0, s = 0;
  minutes offset(0);
  c.SkipSpaces();
  if (!c.AtEnd()) {
    if (!ParseClock(c, &h, &mi, &s)) return Bad(text, "expected hh:mm[:ss]");
    const auto zone = ParseZone(c);
    if (!zone) return Bad(text, "unknown time zone");
    offset = *zone;
    c.SkipSpaces();
    if (!c.AtEnd()) return Bad(text, "unexpected text after the time zone");
  }
  return Compose(text, *year, *month, *day, h, mi, s, offset);
}

}  // namespace

absl::StatusOr<TimePoint> TimestampFromEpoch(int64_t value) {
  // Range-checked in seconds before any calendar arithmetic, which overflows on huge values.
  static const int64_t kMaxSeconds =
      std::chrono::sys_days(std::chrono::year(kMaxYear + 1) / 1 / 1).time_since_epoch() /
      seconds(1);
  const int64_t secs = value >= kMillisThreshold ? value / 1000 : value;
  if (value < 0 || secs >= kMaxSeconds) {
    return absl::InvalidArgumentError(absl::StrCat("epoch value ", value, " is out of range"));
  }
  return TimePoint{seconds(secs)};
}

absl::StatusOr<TimePoint> ParseTimestamp(const std::string& raw) {
  const std::string text = CollapseWhitespace(raw);
  if (text.empty()) return absl::InvalidArgumentError("date is empty");
  if (text.size() > 64) return Bad(text, "too long");
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    if (text.size() < 9 || text.size() > 14) return Bad(text, "not an epoch in s or ms");
    return TimestampFromEpoch(std::stoll(text));
  }
  if (text.size() >= 5 && std::isdigit(static_cast<unsigned char>(text[0])) && text[4] == '-') {
    return ParseIso(text);
  }
  return ParseRfc2822(text);
}

absl::StatusOr<TimePoint> ParseTimestampJson(const nlohmann::json& value) {
  if (value.is_string()) return ParseTimestamp(value.get<std::string>());
  if (value.is_number_integer()) return TimestampFromEpoch(value.get<int64_t>());
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < 0 || v > 1e15) {
      return absl::InvalidArgumentError("epoch number is out of range");
    }
    return TimestampFromEpoch(static_cast<int64_t>(v));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("a date must be a string or a number, not ", value.type_name()));
}

std::string FormatTimestamp(TimePoint t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", int(ymd.year()),
                         unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                         hms.minutes().count(), hms.seconds().count());
}

}  // namespace jobrec::ingest
