#include "jobrec/llm/schemas.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "jobrec/llm/json_schema.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

json StringArray(const std::string& description) {
  return {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", description}};
}

// Every property required and no others: what OpenAI's strict mode demands of each object.
json StrictObject(json properties) {
  json required = json::array();
  for (const auto& [key, value] : properties.items()) required.push_back(key);
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

// Trimmed, blank entries dropped, duplicates (case-insensitive) removed, order kept.
std::vector<std::string> CleanList(const json& array) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& item : array) {
    std::string text(absl::StripAsciiWhitespace(item.get<std::string>()));
    if (text.empty() || !seen.insert(absl::AsciiStrToLower(text)).second) continue;
    out.push_back(std::move(text));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> Keywords(const json& array, const std::string& field) {
  std::vector<std::string> out;
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string word =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(array[i].get<std::string>()));
    if (word.empty()) return absl::InvalidArgumentError(absl::StrCat(field, "[", i, "]: blank keyword"));
    if (std::any_of(word.begin(), word.end(), [](char c) { return absl::ascii_isspace(c); })) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, "[", i, "]: \"", word, "\" is not a single word (no spaces allowed)"));
    }
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
  }
  return out;
}

}  // namespace

ReplySchema ScoreReplySchema() {
  return {
      .name = "record_score",
      .description = "Record how well the job posting fits the job seeker.",
      .schema = StrictObject({
          {"score",
           {{"type", "integer"},
            {"minimum", kMinScore},
            {"maximum", kMaxScore},
            {"description", "fit from 0 (unrelated) to 10 (excellent)"}}},
          {"justification",
           {{"type", "string"},
            {"description", "two to four sentences to the seeker on the main reasons"}}},
          {"matched_skills", StringArray("the seeker's skills that the posting asks for")},
          {"missing_skills", StringArray("skills the posting requires that the seeker lacks")},
          {"dealbreakers", StringArray("hard conflicts with the profile; empty when none")},
      }),
  };
}

absl::StatusOr<ScoreResult> ScoreFromJson(const json& reply) {
  JOBREC_ASSIGN_OR_RETURN(const json value, ValidateAgainstSchema(reply, ScoreReplySchema().schema));
  ScoreResult result;
  result.score = value.at("score").get<int>();
  result.justification = std::string(absl::StripAsciiWhitespace(value.at("justification").get<std::string>()));
  if (result.justification.empty()) {
    return absl::InvalidArgumentError("justification: must not be empty");
  }
  result.matched_skills = CleanList(value.at("matched_skills"));
  result.missing_skills = CleanList(value.at("missing_skills"));
  result.dealbreakers = CleanList(value.at("dealbreakers"));
  return result;
}

json ScoreToJson(const ScoreResult& score) {
  return {{"score", score.score},
          {"justification", score.justification},
          {"matched_skills", score.matched_skills},
          {"missing_skills", score.missing_skills},
          {"dealbreakers", score.dealbreakers}};
}

ReplySchema IdealPostingsReplySchema(int count) {
  json postings = StringArray("the job postings, one string each");
  postings["minItems"] = count;
  postings["maxItems"] = count;
  return {.name = "record_ideal_postings",
          .description = "Record the job postings that would fit the seeker best.",
          .schema = StrictObject({{"postings", std::move(postings)}})};
}

absl::StatusOr<std::vector<std::string>> IdealPostingsFromJson(const json& reply, int count) {
  JOBREC_ASSIGN_OR_RETURN(const json value,
                          ValidateAgainstSchema(reply, IdealPostingsReplySchema(count).schema));
  std::vector<std::string> postings;
  std::set<std::string> seen;
  const json& array = value.at("postings");
  for (size_t i = 0; i < array.size(); ++i) {
    std::string text(absl::StripAsciiWhitespace(array[i].get<std::string>()));
    if (text.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("postings[", i, "]: must not be empty"));
    }
    if (!seen.insert(text).second) {
      return absl::InvalidArgumentError(absl::StrCat("postings[", i, "]: repeats an earlier posting"));
    }
    postings.push_back(std::move(text));
  }
  return postings;
}

ReplySchema SearchKeywordsReplySchema(int max_keywords) {
  json include = StringArray("single lowercase words; a posting matching any of them is found");
  include["minItems"] = 1;
  include["maxItems"] = max_keywords;
  json exclude = StringArray("single lowercase words; postings containing any are dropped");
  exclude["maxItems"] = max_keywords;
  return {.name = "record_search_keywords",
          .description = "Record the job board search keywords for the seeker.",
          .schema = StrictObject({{"include", std::move(include)}, {"exclude", std::move(exclude)}})};
}

absl::StatusOr<SearchKeywords> SearchKeywordsFromJson(const json& reply, int max_keywords) {
  JOBREC_ASSIGN_OR_RETURN(const json value,
                          ValidateAgainstSchema(reply, SearchKeywordsReplySchema(max_keywords).schema));
  SearchKeywords keywords;
  JOBREC_ASSIGN_OR_RETURN(keywords.include, Keywords(value.at("include"), "include"));
  JOBREC_ASSIGN_OR_RETURN(keywords.exclude, Keywords(value.at("exclude"), "exclude"));
  if (keywords.include.empty()) return absl::InvalidArgumentError("include: must not be empty");
  for (const auto& word : keywords.exclude) {
    if (std::find(keywords.include.begin(), keywords.include.end(), word) !=
        keywords.include.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", word, "\" is both included and excluded"));
    }
  }
  return keywords;
}

}  // namespace jobrec::llm
