// The replies the LLM layer asks for: their JSON Schemas (sent to the provider and used to
// validate, see json_schema.h) and their conversion to typed results with the checks a
// schema cannot express. A check failure is a validation error like a schema violation: it
// triggers the one repair request.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/llm/llm_client.h"

namespace jobrec::llm {

// {score: integer 0-10, justification: string, matched_skills, missing_skills,
// dealbreakers: [string]}; tool / schema name "record_score".
struct ScoreResult {
  int score = 0;
  std::string justification;
  std::vector<std::string> matched_skills;
  std::vector<std::string> missing_skills;
  std::vector<std::string> dealbreakers;
  friend bool operator==(const ScoreResult&, const ScoreResult&) = default;
};

inline constexpr int kMinScore = 0;
inline constexpr int kMaxScore = 10;

ReplySchema ScoreReplySchema();
// The typed result of a reply; InvalidArgument (saying what is wrong, for the repair request)
// when it does not conform to ScoreReplySchema or the justification is blank.
// Skill lists are trimmed, blank entries dropped, duplicates removed (case-insensitively).
absl::StatusOr<ScoreResult> ScoreFromJson(const nlohmann::json& reply);
// The reply shape, for storing a result (e.g. in a cache) and reading it back.
nlohmann::json ScoreToJson(const ScoreResult& score);

// {postings: [string] with exactly `count` items}; name "record_ideal_postings".
ReplySchema IdealPostingsReplySchema(int count);
// InvalidArgument when the reply does not conform to IdealPostingsReplySchema(count), a posting
// is blank or two are the same.
absl::StatusOr<std::vector<std::string>> IdealPostingsFromJson(const nlohmann::json& reply,
                                                               int count);

// Keywords for Adzuna's what_or / what_exclude: single lowercase words.
struct SearchKeywords {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  friend bool operator==(const SearchKeywords&, const SearchKeywords&) = default;
};
// {include: [string] 1..max, exclude: [string] 0..max}; name "record_search_keywords".
ReplySchema SearchKeywordsReplySchema(int max_keywords);
// Lowercased and de-duplicated. InvalidArgument when the reply does not conform to
// SearchKeywordsReplySchema(max_keywords), a keyword is blank or has whitespace, include is
// empty, or a word is both included and excluded.
absl::StatusOr<SearchKeywords> SearchKeywordsFromJson(const nlohmann::json& reply,
                                                      int max_keywords);

}  // namespace jobrec::llm
