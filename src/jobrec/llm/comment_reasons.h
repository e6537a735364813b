// The LLM half of issue #7 point 4: the reasons a review comment gives ("too senior",
// "agency", ...), as the names of the lexicon's rule kinds (feedback/comment_rules.h's
// RuleKindName). This module does not depend on feedback/, so the names are listed here;
// comment_reasons_test checks that each one parses as a RuleKind.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/prompt.h"
#include "jobrec/llm/prompt_template.h"

namespace jobrec::llm {

// "too_senior", "too_junior", "agency", "too_far", "needs_remote", "low_salary".
const std::vector<std::string>& CommentReasonNames();

// {reasons: [one of CommentReasonNames()], at most one each}; name "record_comment_reasons".
ReplySchema CommentReasonsReplySchema();
// The reasons in reply order without repeats; InvalidArgument (saying what is wrong, for the
// repair request) when the reply does not conform to the schema or names an unknown reason.
absl::StatusOr<std::vector<std::string>> CommentReasonsFromJson(const nlohmann::json& reply);

// Renders a comment-reasons template; InvalidArgument when `tmpl` is of another kind. The
// comment's tag delimiters are defused so that it cannot close the <comment> block.
absl::StatusOr<Prompt> RenderCommentReasonsPrompt(const PromptTemplate& tmpl, const std::string& comment);

}  // namespace jobrec::llm
