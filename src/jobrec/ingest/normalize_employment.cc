#include "jobrec/ingest/normalize_employment.h"

#include <cctype>
#include <optional>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "jobrec/ingest/normalize_text.h"

namespace jobrec::ingest {
namespace {

struct Mapping {
  std::string_view key;  // lower-case letters only
  std::string_view type;
};

constexpr Mapping kMappings[] = {
    {"fulltime", "full_time"},   {"f", "full_time"},          {"ft", "full_time"},
    {"permanent", "full_time"},  {"permanentfulltime", "full_time"},
    {"regular", "full_time"},    {"vollzeit", "full_time"},   {"cdi", "full_time"},
    {"parttime", "part_time"},   {"p", "part_time"},          {"pt", "part_time"},
    {"teilzeit", "part_time"},
    {"contract", "contract"},    {"contractor", "contract"},  {"contracttohire", "contract"},
    {"freelance", "contract"},   {"freelancer", "contract"},  {"selfemployed", "contract"},
    {"c", "contract"},           {"cdd", "contract"},
    {"temporary", "temporary"},  {"temp", "temporary"},       {"seasonal", "temporary"},
    {"perdiem", "temporary"},    {"fixedterm", "temporary"},  {"casual", "temporary"},
    {"befristet", "temporary"},
    {"internship", "internship"}, {"intern", "internship"},   {"praktikum", "internship"},
    {"apprenticeship", "internship"}, {"trainee", "internship"}, {"werkstudent", "internship"}};

// Letters only, lower-cased: "Full-Time" -> "fulltime", "FULL_TIME" -> "fulltime".
std::string LettersOnly(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

std::optional<std::string> MapOne(std::string_view item) {
  const std::string key = LettersOnly(item);
  for (const auto& m : kMappings) {
    if (key == m.key) return std::string(m.type);
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::string> NormalizeEmploymentType(const std::string& text) {
  const std::string clean = CleanLine(text);
  if (clean.empty()) return absl::InvalidArgumentError("employment type is empty");
  if (auto whole = MapOne(clean)) return *whole;
  // Lists: "Full-time; Part-time", "Full-Time/Part-Time", "Permanent, Full time".
  for (absl::string_view item : absl::StrSplit(clean, absl::ByAnyChar(";,/|&"))) {
    if (auto type = MapOne(std::string(item))) return *type;
  }
  // "Full-time position", "Temporary (6 months)": a known word at the start.
  const std::string letters = LettersOnly(clean);
  for (const auto& m : kMappings) {
    if (m.key.size() >= 4 && letters.rfind(m.key, 0) == 0) return std::string(m.type);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown employment type \"", clean.substr(0, 40), "\""));
}

absl::StatusOr<std::string> NormalizeEmploymentType(const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (auto type = NormalizeEmploymentType(v); type.ok()) return type;
  }
  return absl::InvalidArgumentError("no recognised employment type in the list");
}

}  // namespace jobrec::ingest
