// The prompt template files of prompts/, compiled into the binary (embed_prompts.cmake).
#pragma once

#include <span>
#include <string_view>

namespace jobrec::llm {

struct EmbeddedPrompt {
  std::string_view version;  // the file name without .txt: "score-v1"
  std::string_view text;
};

// Sorted by version.
std::span<const EmbeddedPrompt> EmbeddedPrompts();

}  // namespace jobrec::llm
