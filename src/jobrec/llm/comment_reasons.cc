#include "jobrec/llm/comment_reasons.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/llm/json_schema.h"
#include "jobrec/llm/prompt.h"

namespace jobrec::llm {
namespace {

using nlohmann::json;

}  // namespace

const std::vector<std::string>& CommentReasonNames() {
  static const auto* names = new std::vector<std::string>{"too_senior", "too_junior", "agency",
                                                          "too_far",    "needs_remote", "low_salary"};
  return *names;
}

ReplySchema CommentReasonsReplySchema() {
  json reasons = {{"type", "array"},
                  {"items", {{"type", "string"}, {"enum", CommentReasonNames()}}},
                  {"maxItems", CommentReasonNames().size()},
                  {"description", "the reasons the comment gives, each at most once; empty when it gives none"}};
  return {.name = "record_comment_reasons",
          .description = "Record the reasons the comment gives for not wanting the job.",
          .schema = {{"type", "object"},
                     {"properties", {{"reasons", std::move(reasons)}}},
                     {"required", {"reasons"}},
                     {"additionalProperties", false}}};
}

absl::StatusOr<std::vector<std::string>> CommentReasonsFromJson(const json& reply) {
  JOBREC_ASSIGN_OR_RETURN(const json value, ValidateAgainstSchema(reply, CommentReasonsReplySchema().schema));
  std::vector<std::string> reasons;
  const json& array = value.at("reasons");
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string name = array[i].get<std::string>();
    const auto& known = CommentReasonNames();
    // The validator does not check "enum" (json_schema.h), so the names are checked here.
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("reasons[", i, "]: \"", name, "\" is not one of ",
                                                     absl::StrJoin(known, ", ")));
    }
    if (std::find(reasons.begin(), reasons.end(), name) == reasons.end()) reasons.push_back(name);
  }
  return reasons;
}

absl::StatusOr<Prompt> RenderCommentReasonsPrompt(const PromptTemplate& tmpl, const std::string& comment) {
  if (KindOfVersion(tmpl.Version()) != kCommentReasonsKind) {
    return absl::InvalidArgumentError(
        absl::StrCat("prompt template '", tmpl.Version(), "' is not a ", kCommentReasonsKind, " template"));
  }
  const PromptValues values = {{"comment", DefuseTag(comment, "comment")}};
  Prompt prompt{.version = tmpl.Version()};
  JOBREC_ASSIGN_OR_RETURN(prompt.system, tmpl.Render("system", values));
  JOBREC_ASSIGN_OR_RETURN(prompt.user, tmpl.Render("user", values));
  return prompt;
}

}  // namespace jobrec::llm
