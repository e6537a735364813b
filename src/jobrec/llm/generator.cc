#include "jobrec/llm/generator.h"

#include "absl/strings/str_cat.h"
#include "jobrec/llm/comment_reasons.h"

namespace jobrec::llm {

absl::StatusOr<std::unique_ptr<Generator>> Generator::Create(
    std::shared_ptr<LlmClient> client, std::shared_ptr<const PromptLibrary> library,
    GeneratorOptions options) {
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* ideal,
                          library->Find(options.ideal_postings_version, kIdealPostingsKind));
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* keywords,
                          library->Find(options.search_keywords_version, kSearchKeywordsKind));
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* repair,
                          library->Find(options.repair_version, kRepairKind));
  StructuredCaller caller(std::move(client), repair, options.max_output_tokens);
  return std::unique_ptr<Generator>(new Generator(std::move(library), ideal, keywords,
                                                  std::move(caller), std::move(options)));
}

Generator::Generator(std::shared_ptr<const PromptLibrary> library, const PromptTemplate* ideal,
                     const PromptTemplate* keywords, StructuredCaller caller,
                     GeneratorOptions options)
    : library_(std::move(library)),
      ideal_(ideal),
      keywords_(keywords),
      caller_(std::move(caller)),
      options_(std::move(options)) {}

StructuredOutcome Generator::Run(const Prompt& prompt, ReplySchema reply, const ReplyCheck& check,
                                 const CallAccounting& accounting,
                                 const std::atomic<bool>* cancelled, GenerationInfo& info) const {
  const StructuredRequest request{
      .system = prompt.system,
      .messages = {{.role = ChatMessage::Role::kUser, .content = prompt.user}},
      .reply = std::move(reply),
      .cancelled = cancelled,
  };
  StructuredOutcome outcome = caller_.Call(request, check, accounting);
  info = {.usage = outcome.usage,
          .cost_usd = CostUsd(outcome.usage, options_.pricing),
          .calls = outcome.calls,
          .repaired = outcome.repaired,
          .model = outcome.model.empty() ? caller_.client().Model() : outcome.model,
          .prompt_version = prompt.version};
  return outcome;
}

absl::StatusOr<IdealPostings> Generator::GenerateIdealPostings(
    const ProfileInput& profile, int count, const CallAccounting& accounting,
    const std::atomic<bool>* cancelled) const {
  if (count < 1 || count > kMaxIdealPostings) {
    return absl::InvalidArgumentError(
        absl::StrCat("ideal postings: count must be 1..", kMaxIdealPostings, ", got ", count));
  }
  JOBREC_ASSIGN_OR_RETURN(const Prompt prompt, RenderIdealPostingsPrompt(*ideal_, profile, count));
  IdealPostings result;
  StructuredOutcome outcome = Run(
      prompt, IdealPostingsReplySchema(count),
      [count](const nlohmann::json& reply) { return IdealPostingsFromJson(reply, count).status(); },
      accounting, cancelled, result.info);
  if (!outcome.value.ok()) return outcome.value.status();
  JOBREC_ASSIGN_OR_RETURN(result.postings, IdealPostingsFromJson(*outcome.value, count));
  return result;
}

absl::StatusOr<KeywordSet> Generator::GenerateSearchKeywords(
    const ProfileInput& profile, const CallAccounting& accounting,
    const std::atomic<bool>* cancelled) const {
  const int max = options_.max_keywords;
  JOBREC_ASSIGN_OR_RETURN(const Prompt prompt, RenderSearchKeywordsPrompt(*keywords_, profile, max));
  KeywordSet result;
  StructuredOutcome outcome = Run(
      prompt, SearchKeywordsReplySchema(max),
      [max](const nlohmann::json& reply) { return SearchKeywordsFromJson(reply, max).status(); },
      accounting, cancelled, result.info);
  if (!outcome.value.ok()) return outcome.value.status();
  JOBREC_ASSIGN_OR_RETURN(result.keywords, SearchKeywordsFromJson(*outcome.value, max));
  return result;
}

absl::StatusOr<CommentReasons> Generator::ExtractCommentReasons(const std::string& comment,
                                                               const CallAccounting& accounting,
                                                               const std::atomic<bool>* cancelled) const {
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* tmpl,
                          library_->Find(options_.comment_reasons_version, kCommentReasonsKind));
  JOBREC_ASSIGN_OR_RETURN(const Prompt prompt, RenderCommentReasonsPrompt(*tmpl, comment));
  CommentReasons result;
  StructuredOutcome outcome = Run(
      prompt, CommentReasonsReplySchema(),
      [](const nlohmann::json& reply) { return CommentReasonsFromJson(reply).status(); }, accounting,
      cancelled, result.info);
  if (!outcome.value.ok()) return outcome.value.status();
  JOBREC_ASSIGN_OR_RETURN(result.reasons, CommentReasonsFromJson(*outcome.value));
  return result;
}

}  // namespace jobrec::llm
