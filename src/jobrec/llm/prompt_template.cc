#include "jobrec/llm/prompt_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace jobrec::llm {
namespace {

const std::set<std::string> kSections = {"system", "user"};

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

// The section name when `line` is a header "=== name ===", else "".
std::string HeaderName(const std::string& line) {
  absl::string_view view = absl::StripAsciiWhitespace(line);
  if (!absl::ConsumePrefix(&view, "===") || !absl::ConsumeSuffix(&view, "===")) return "";
  return std::string(absl::StripAsciiWhitespace(view));
}

// Drops blank lines at both ends of a section's lines.
std::string JoinTrimmed(const std::vector<std::string>& lines) {
  size_t first = 0, last = lines.size();
  while (first < last && absl::StripAsciiWhitespace(lines[first]).empty()) ++first;
  while (last > first && absl::StripAsciiWhitespace(lines[last - 1]).empty()) --last;
  std::string out;
  for (size_t i = first; i < last; ++i) {
    if (i > first) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace

absl::StatusOr<PromptTemplate> PromptTemplate::Parse(std::string version, const std::string& text,
                                                     const std::set<std::string>& allowed) {
  PromptTemplate result;
  result.version_ = std::move(version);
  auto error = [&](size_t line_number, const std::string& what) {
    return absl::InvalidArgumentError(
        absl::StrCat("prompt template '", result.version_, "' line ", line_number, ": ", what));
  };

  std::map<std::string, std::vector<std::string>> section_lines;
  std::map<std::string, std::vector<size_t>> section_line_numbers;
  std::string current;
  size_t line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    std::string line(absl::StripSuffix(raw, "\r"));
    if (std::string name = HeaderName(line); !name.empty()) {
      if (kSections.count(name) == 0) return error(line_number, absl::StrCat("unknown section '", name, "'"));
      if (section_lines.count(name) > 0) return error(line_number, absl::StrCat("section '", name, "' repeated"));
      current = name;
      section_lines[name];
      continue;
    }
    if (current.empty()) {
      const absl::string_view stripped = absl::StripAsciiWhitespace(line);
      if (stripped.empty() || stripped.front() == '#') continue;
      return error(line_number, "text before the first section header (=== system === or === user ===)");
    }
    // Placeholders are checked line by line so that errors can name their line.
    size_t pos = 0;
    while ((pos = line.find("{{", pos)) != std::string::npos) {
      const size_t close = line.find("}}", pos + 2);
      if (close == std::string::npos) return error(line_number, "'{{' without a closing '}}'");
      const std::string name(absl::StripAsciiWhitespace(line.substr(pos + 2, close - pos - 2)));
      if (!ValidName(name)) return error(line_number, absl::StrCat("bad placeholder name '", name, "'"));
      if (allowed.count(name) == 0) {
        return error(line_number, absl::StrCat("unknown placeholder {{", name, "}}"));
      }
      pos = close + 2;
    }
    section_lines[current].push_back(std::move(line));
  }
  if (section_lines.empty()) return error(line_number, "no section (=== system === or === user ===)");

  for (const auto& [name, lines] : section_lines) {
    const std::string body = JoinTrimmed(lines);
    std::vector<Part>& parts = result.sections_[name];
    size_t pos = 0;
    while (pos < body.size()) {
      const size_t open = body.find("{{", pos);
      if (open == std::string::npos) {
        parts.push_back({.placeholder = false, .text = body.substr(pos)});
        break;
      }
      if (open > pos) parts.push_back({.placeholder = false, .text = body.substr(pos, open - pos)});
      const size_t close = body.find("}}", open + 2);
      parts.push_back({.placeholder = true,
                       .text = std::string(absl::StripAsciiWhitespace(
                           body.substr(open + 2, close - open - 2)))});
      pos = close + 2;
    }
  }
  return result;
}

absl::StatusOr<std::string> PromptTemplate::Render(const std::string& section,
                                                   const PromptValues& values) const {
  auto it = sections_.find(section);
  if (it == sections_.end()) {
    return absl::NotFoundError(
        absl::StrCat("prompt template '", version_, "' has no section '", section, "'"));
  }
  std::string out;
  for (const Part& part : it->second) {
    if (!part.placeholder) {
      out += part.text;
      continue;
    }
    auto value = values.find(part.text);
    if (value == values.end()) {
      return absl::InvalidArgumentError(absl::StrCat("prompt template '", version_,
                                                     "': no value for {{", part.text, "}}"));
    }
    out += value->second;
  }
  return out;
}

}  // namespace jobrec::llm
