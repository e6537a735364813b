#include "jobrec/ingest/normalize_salary.h"

#include <cctype>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

constexpr double kMinPlausibleAnnual = 100;
constexpr double kMaxPlausibleAnnual = 10'000'000;
// Salary texts are a line or two; anything longer is a description, not a salary field.
constexpr size_t kMaxSalaryTextBytes = 1000;

struct NameCode {
  std::string_view name;
  std::string_view code;
};

// ISO 4217 codes recognised as words in free text and as structured values. Only codes that
// are not also English words ("ALL", "TOP", "CUP" are left out).
constexpr std::string_view kCodes[] = {
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "CNY", "INR", "SEK", "NOK",
    "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "SGD", "HKD", "ZAR", "BRL", "MXN", "ILS",
    "AED", "KRW", "TRY", "UAH", "PHP", "IDR", "MYR", "THB", "VND", "ARS", "CLP", "COP"};

// Longest prefixes first so "CA$" wins over "$".
constexpr NameCode kSymbols[] = {
    {"US$", "USD"}, {"CAD$", "CAD"}, {"CA$", "CAD"}, {"C$", "CAD"}, {"AU$", "AUD"},
    {"A$", "AUD"},  {"NZ$", "NZD"},  {"HK$", "HKD"}, {"S$", "SGD"},  {"R$", "BRL"},
    {"MX$", "MXN"}, {"$", "USD"},    {"€", "EUR"},   {"£", "GBP"},   {"¥", "JPY"},
    {"₹", "INR"},   {"₩", "KRW"},    {"₺", "TRY"},   {"zł", "PLN"}};

constexpr NameCode kCurrencyNames[] = {
    {"euro", "EUR"},     {"euros", "EUR"},   {"dollar", "USD"}, {"dollars", "USD"},
    {"pound", "GBP"},    {"pounds", "GBP"},  {"sterling", "GBP"}, {"yen", "JPY"},
    {"rupee", "INR"},    {"rupees", "INR"},  {"franc", "CHF"},  {"francs", "CHF"}};

// Words (after lower-casing and turning punctuation into spaces) that name a period.
constexpr NameCode kPeriodWords[] = {
    {"year", "year"},    {"years", "year"},   {"yearly", "year"},  {"annual", "year"},
    {"annually", "year"}, {"annum", "year"},  {"pa", "year"},      {"p a", "year"},
    {"yr", "year"},      {"y", "year"},       {"jahr", "year"},    {"jahrlich", "year"},
    {"month", "month"},  {"monthly", "month"}, {"mo", "month"},    {"pcm", "month"},
    {"pm", "month"},     {"monat", "month"},  {"monatlich", "month"},
    {"week", "week"},    {"weekly", "week"},  {"wk", "week"},      {"pw", "week"},
    {"day", "day"},      {"daily", "day"},    {"diem", "day"},     {"pd", "day"},
    {"d", "day"},        {"tag", "day"},
    {"hour", "hour"},    {"hourly", "hour"},  {"hr", "hour"},      {"h", "hour"},
    {"ph", "hour"},      {"p h", "hour"},     {"stunde", "hour"}};

// Words that are a period on their own in running text; the others ("year", "day", "h")
// only count after "per", "a", "an", "pro" or "/", because "5 years of experience" is not a
// pay period.
constexpr std::string_view kStandalonePeriodWords[] = {
    "yearly", "annual", "annually", "annum", "pa", "p a", "monthly", "pcm", "weekly",
    "daily", "diem", "hourly", "p h", "jahrlich", "monatlich"};

// Lower-case ASCII; every other byte except '/' and '$' becomes a space; then single spaces
// with one at each end, so whole words can be found as " word ". Non-ASCII letters are
// transliterated for the few German words we know.
std::string WordString(const std::string& text) {
  std::string src = AsciiLower(text);
  for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"ä", "a"},
                                 {"ö", "o"}, {"ü", "u"}}) {
    for (size_t pos; (pos = src.find(from)) != std::string::npos;) src.replace(pos, from.size(), to);
  }
  std::string out = " ";
  for (char c : src) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '/';
    if (c == '/') {
      if (out.back() != ' ') out.push_back(' ');
      out += "/ ";
    } else if (keep) {
      out.push_back(c);
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
  return out;
}

std::optional<std::string> LookupWord(std::string_view word, const auto& table) {
  for (const auto& entry : table) {
    if (entry.name == word) return std::string(entry.code);
  }
  return std::nullopt;
}

std::string Trimmed(const std::string& text) {
  const size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = text.find_last_not_of(" \t\r\n");
  return text.substr(b, e - b + 1);
}

// ---- amounts in free text ----

struct Amount {
  double value = 0;
  bool thousands_suffix = false;  // had "k" / "thousand"
  bool plus_after = false;        // "50k+"
  size_t begin = 0;               // byte offsets in the text
  size_t end = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Group separators between thousands: ',', '.', '\'', ' ', no-break and narrow no-break space.
size_t GroupSeparatorLength(const std::string& t, size_t i) {
  if (i >= t.size()) return 0;
  if (t[i] == ',' || t[i] == '.' || t[i] == '\'' || t[i] == ' ') return 1;
  if (t.compare(i, 2, "\xC2\xA0") == 0) return 2;
  if (t.compare(i, 3, "\xE2\x80\xAF") == 0) return 3;
  return 0;
}

size_t CountDigits(const std::string& t, size_t i) {
  size_t n = 0;
  while (i + n < t.size() && IsDigit(t[i + n])) ++n;
  return n;
}

// Parses the number starting at t[i] (a digit). Returns the amount and advances *next.
Amount ParseAmountAt(const std::string& t, size_t i, size_t* next) {
  Amount a;
  a.begin = i;
  std::string digits;
  size_t lead = CountDigits(t, i);
  digits.append(t, i, lead);
  i += lead;
  // Thousands groups: a separator followed by exactly three digits, only after a lead of at
  // most three digits ("45.000", "1,200,000", "40 000").
  if (lead <= 3) {
    char group_sep = 0;
    for (;;) {
      const size_t sep = GroupSeparatorLength(t, i);
      if (sep == 0 || CountDigits(t, i + sep) != 3) break;
      // One separator kind per number: "1,200.50" is a group then a decimal point.
      if (group_sep != 0 && t[i] != group_sep) break;
      // "45.000,50" or "45,000.00": a group; "30.50" (two digits) is handled as a decimal below.
      group_sep = t[i];
      digits.append(t, i + sep, 3);
      i += sep + 3;
    }
  }
  double value = std::strtod(digits.c_str(), nullptr);
  // Decimal part: '.' or ',' followed by one or two digits that are not the start of a group.
  if (i + 1 < t.size() && (t[i] == '.' || t[i] == ',')) {
    const size_t frac = CountDigits(t, i + 1);
    if (frac >= 1 && frac <= 2) {
      value += std::strtod(("0." + t.substr(i + 1, frac)).c_str(), nullptr);
      i += 1 + frac;
    }
  }
  // Suffixes: "k", "K", " thousand", "m"/"million" is left alone (salaries are not quoted so).
  size_t j = i;
  while (j < t.size() && t[j] == ' ') ++j;
  if (j < t.size() && (t[j] == 'k' || t[j] == 'K') && (j + 1 >= t.size() || !IsAlpha(t[j + 1]))) {
    value *= 1000;
    a.thousands_suffix = true;
    i = j + 1;
  } else if (AsciiLower(t.substr(j, 8)) == "thousand") {
    value *= 1000;
    a.thousands_suffix = true;
    i = j + 8;
  }
  if (i < t.size() && t[i] == '+') a.plus_after = true;
  a.value = value;
  a.end = i;
  *next = i;
  return a;
}

// Words that make the preceding number a count rather than money: "40 hours per week",
// "5+ years", "20%".
bool FollowedByCountWord(const std::string& t, size_t end) {
  size_t j = end;
  const auto skip_joiners = [&] {
    while (j < t.size() && (t[j] == ' ' || t[j] == '+' || t[j] == '-')) ++j;
  };
  skip_joiners();
  // A range of counts, "10-15 years", is a count too.
  if (j < t.size() && IsDigit(t[j]) && j > end) {
    j += CountDigits(t, j);
    skip_joiners();
  }
  if (j < t.size() && t[j] == '%') return true;
  size_t k = j;
  while (k < t.size() && IsAlpha(t[k])) ++k;
  const std::string word = AsciiLower(t.substr(j, k - j));
  static constexpr std::string_view kCountWords[] = {
      "hours", "hour", "hrs", "h", "days", "weeks", "months", "years", "yrs", "percent",
      "positions", "people", "employees", "staff"};
  for (std::string_view w : kCountWords) {
    if (word == w) return true;
  }
  return false;
}

std::vector<Amount> FindAmounts(const std::string& t) {
  std::vector<Amount> out;
  for (size_t i = 0; i < t.size();) {
    if (!IsDigit(t[i]) || (i > 0 && (IsAlpha(t[i - 1]) || IsDigit(t[i - 1])))) {
      ++i;
      continue;
    }
    size_t next = i;
    Amount a = ParseAmountAt(t, i, &next);
    if (!FollowedByCountWord(t, a.end)) out.push_back(a);
    i = std::max(next, i + 1);
  }
  return out;
}

bool BetweenIsRange(const std::string& between) {
  const std::string w = WordString(between);
  if (w.find(" to ") != std::string::npos || w.find(" and ") != std::string::npos ||
      w.find(" bis ") != std::string::npos) {
    return true;
  }
  return between.find('-') != std::string::npos || between.find("–") != std::string::npos ||
         between.find("—") != std::string::npos || between.find('~') != std::string::npos;
}

// ---- currency and period in free text ----

absl::StatusOr<std::string> FindCurrency(const std::string& text, const std::string& hint) {
  std::string found;
  const auto add = [&](const std::string& code) -> absl::Status {
    if (!found.empty() && found != code) {
      return absl::InvalidArgumentError(
          absl::StrCat("salary names two currencies (", found, " and ", code, ")"));
    }
    found = code;
    return absl::OkStatus();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    for (const auto& [symbol, code] : kSymbols) {
      if (text.compare(i, symbol.size(), symbol) != 0) continue;
      // A letter right before "$" belongs to a prefix already matched ("CA$") or to a word.
      if (symbol == "$" && i > 0 && IsAlpha(text[i - 1])) continue;
      JOBREC_RETURN_IF_ERROR(add(std::string(code)));
      i += symbol.size() - 1;
      break;
    }
  }
  const std::string words = WordString(text);
  for (size_t b = 1; b < words.size();) {
    const size_t e = words.find(' ', b);
    if (e == std::string::npos) break;
    const std::string word = words.substr(b, e - b);
    std::string upper = word;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::string_view code : kCodes) {
      if (upper == code) JOBREC_RETURN_IF_ERROR(add(upper));
    }
    if (auto code = LookupWord(word, kCurrencyNames)) JOBREC_RETURN_IF_ERROR(add(*code));
    b = e + 1;
  }
  return found.empty() ? hint : found;
}

// The first period phrase in the text, skipping "hours per week"-style counts.
std::optional<std::string> FindPeriod(const std::string& text) {
  const std::string words = WordString(text);
  std::vector<std::string> tokens;
  for (size_t b = 1; b < words.size();) {
    const size_t e = words.find(' ', b);
    if (e == std::string::npos) break;
    tokens.push_back(words.substr(b, e - b));
    b = e + 1;
  }
  static constexpr std::string_view kCountUnits[] = {"hours", "hrs", "hour", "days", "h"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool two = i + 1 < tokens.size();
    const std::string pair = two ? tokens[i] + " " + tokens[i + 1] : "";
    for (std::string_view standalone : kStandalonePeriodWords) {
      if (tokens[i] == standalone || (two && pair == standalone)) {
        return LookupWord(standalone, kPeriodWords);
      }
    }
    const bool introducer = tokens[i] == "per" || tokens[i] == "a" || tokens[i] == "an" ||
                            tokens[i] == "pro" || tokens[i] == "/";
    if (!introducer || !two) continue;
    if (i > 0) {
      bool count = false;
      for (std::string_view unit : kCountUnits) count = count || tokens[i - 1] == unit;
      if (count) continue;  // "40 hours per week"
    }
    if (auto period = LookupWord(tokens[i + 1], kPeriodWords)) return period;
  }
  if (words.find(" day rate ") != std::string::npos) return "day";
  return std::nullopt;
}

std::string StripIntroducers(const std::string& words) {
  std::string w = words;
  for (std::string_view prefix : {" per ", " a ", " an ", " / ", " pro ", " rate "}) {
    if (w.rfind(prefix, 0) == 0) w = w.substr(prefix.size() - 1);
  }
  return w;
}

}  // namespace

absl::StatusOr<std::string> NormalizeCurrency(const std::string& text) {
  const std::string t = Trimmed(text);
  if (t.empty()) return absl::InvalidArgumentError("currency is empty");
  std::string upper = t;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view code : kCodes) {
    if (upper == code) return upper;
  }
  for (const auto& [symbol, code] : kSymbols) {
    if (t == symbol || upper == symbol) return std::string(code);
  }
  if (auto code = LookupWord(AsciiLower(t), kCurrencyNames)) return *code;
  return absl::InvalidArgumentError(absl::StrCat("unknown currency \"", t.substr(0, 40), "\""));
}

absl::StatusOr<std::string> NormalizePeriod(const std::string& text) {
  std::string words = WordString(text);
  if (words == " ") return absl::InvalidArgumentError("pay period is empty");
  words = StripIntroducers(words);
  const std::string word = words.substr(1, words.size() - 2);
  if (auto period = LookupWord(word, kPeriodWords)) return *period;
  if (word == "per annum" || word == "per year") return std::string("year");
  if (word == "per diem") return std::string("day");
  return absl::InvalidArgumentError(
      absl::StrCat("unknown pay period \"", Trimmed(text).substr(0, 40), "\""));
}

absl::StatusOr<double> AnnualisationFactor(const std::string& period) {
  if (period == "year") return 1.0;
  if (period == "month") return 12.0;
  if (period == "week") return 52.0;
  if (period == "day") return 260.0;
  if (period == "hour") return 2080.0;
  return absl::InvalidArgumentError(absl::StrCat("unknown pay period \"", period, "\""));
}

absl::StatusOr<double> Annualise(double amount, const std::string& period) {
  JOBREC_ASSIGN_OR_RETURN(const double factor, AnnualisationFactor(period));
  return amount * factor;
}

absl::StatusOr<Salary> MakeSalary(std::optional<double> min, std::optional<double> max,
                                  const std::string& currency, const std::string& period) {
  for (const auto* bound : {&min, &max}) {
    if (*bound && !std::isfinite(**bound)) {
      return absl::InvalidArgumentError("salary bound is not a finite number");
    }
  }
  if (min && *min <= 0) min.reset();
  if (max && *max <= 0) max.reset();
  if (!min && !max) return absl::InvalidArgumentError("salary has no amount");
  if (min && max && *min > *max) {
    return absl::InvalidArgumentError(
        absl::StrCat("salary minimum ", *min, " is above the maximum ", *max));
  }
  Salary salary;
  salary.min = min;
  salary.max = max;
  if (!Trimmed(currency).empty()) {
    JOBREC_ASSIGN_OR_RETURN(salary.currency, NormalizeCurrency(currency));
  }
  if (!Trimmed(period).empty()) {
    JOBREC_ASSIGN_OR_RETURN(salary.period, NormalizePeriod(period));
  }
  for (const auto& bound : {min, max}) {
    if (!bound) continue;
    JOBREC_ASSIGN_OR_RETURN(const double annual, Annualise(*bound, salary.period));
    if (annual < kMinPlausibleAnnual || annual > kMaxPlausibleAnnual) {
      return absl::InvalidArgumentError(absl::StrCat("salary ", *bound, " per ", salary.period,
                                                     " is implausible (", annual, " a year)"));
    }
  }
  return salary;
}

absl::StatusOr<Salary> ParseSalaryText(const std::string& raw, const SalaryHints& hints) {
  if (raw.size() > kMaxSalaryTextBytes) {
    return absl::InvalidArgumentError("salary text is too long to be a salary");
  }
  const std::string text = CleanLine(raw);
  std::vector<Amount> amounts = FindAmounts(text);
  if (amounts.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no amount in salary text \"", text.substr(0, 60), "\""));
  }
  if (amounts.size() > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("more than two amounts in salary text \"", text.substr(0, 60), "\""));
  }
  std::optional<double> min, max;
  if (amounts.size() == 2) {
    Amount& lo = amounts[0];
    Amount& hi = amounts[1];
    if (!BetweenIsRange(text.substr(lo.end, hi.begin - lo.end))) {
      return absl::InvalidArgumentError(
          absl::StrCat("two amounts but no range in salary text \"", text.substr(0, 60), "\""));
    }
    // "45-55k": the suffix of the upper bound applies to a lower bound that lacks one.
    if (hi.thousands_suffix && !lo.thousands_suffix && lo.value < 1000) lo.value *= 1000;
    min = lo.value;
    max = hi.value;
  } else {
    const Amount& a = amounts[0];
    const std::string before = WordString(text.substr(0, a.begin));
    const auto ends_with = [&](std::string_view phrase) {
      return before.size() >= phrase.size() &&
             before.compare(before.size() - phrase.size(), phrase.size(), phrase) == 0;
    };
    const bool is_max = ends_with(" up to ") || ends_with(" upto ") || ends_with(" max ") ||
                        ends_with(" maximum ") || ends_with(" bis zu ") ||
                        ends_with(" not to exceed ") || before == " to ";
    const bool is_min = a.plus_after || ends_with(" from ") || ends_with(" min ") ||
                        ends_with(" minimum ") || ends_with(" at least ") ||
                        ends_with(" starting at ") || ends_with(" starting from ") ||
                        ends_with(" ab ");
    if (!is_max) min = a.value;
    if (!is_min) max = a.value;
  }
  JOBREC_ASSIGN_OR_RETURN(const std::string currency, FindCurrency(text, hints.currency));
  std::string period;
  if (auto found = FindPeriod(text)) {
    period = *found;
  } else if (!hints.period.empty()) {
    period = hints.period;
  } else {
    const double probe = max ? *max : *min;
    if (probe >= 10'000) {
      period = "year";
    } else if (probe <= 200) {
      period = "hour";
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "salary text \"", text.substr(0, 60), "\" has no pay period and ", probe,
          " could be monthly, weekly or daily"));
    }
  }
  return MakeSalary(min, max, currency, period);
}

}  // namespace jobrec::ingest
