// One versioned prompt template file, parsed and checked when it is loaded.
//
// File format (UTF-8 text):
//   # comment lines (only before the first section)
//   === system ===
//   text with {{placeholder}}s
//   === user ===
//   text with {{placeholder}}s
// A section header is a line "=== <name> ===" with name system or user; each may appear once.
// A placeholder is {{name}} with name of [a-z0-9_] (spaces inside the braces are allowed);
// there is no escape, so "{{" may appear in a template only to open a placeholder. The text of
// a section runs to the next header; blank lines around it are dropped.
//
// Thread-safety: immutable after Parse(); safe to share.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::llm {

using PromptValues = std::map<std::string, std::string>;

class PromptTemplate {
 public:
  // InvalidArgument naming `version` and the line for: a placeholder not in `allowed`, "{{"
  // without "}}" on the same line, a bad placeholder name, an unknown or repeated section,
  // non-comment text before the first section, or a file with no section.
  static absl::StatusOr<PromptTemplate> Parse(std::string version, const std::string& text,
                                              const std::set<std::string>& allowed);

  // The version stored with every result produced from this template ("score-v1").
  const std::string& Version() const { return version_; }
  bool HasSection(const std::string& section) const { return sections_.count(section) > 0; }
  // The section with each placeholder replaced by its value. NotFound when the template has
  // no such section; InvalidArgument when a placeholder it uses has no value.
  absl::StatusOr<std::string> Render(const std::string& section, const PromptValues& values) const;

 private:
  struct Part {
    bool placeholder = false;
    std::string text;  // literal text, or the placeholder's name
  };
  std::string version_;
  std::map<std::string, std::vector<Part>> sections_;
};

}  // namespace jobrec::llm
