#include "jobrec/llm/scorer.h"

#include "jobrec/llm/fingerprint.h"

namespace jobrec::llm {

absl::StatusOr<std::unique_ptr<Scorer>> Scorer::Create(std::shared_ptr<LlmClient> client,
                                                       std::shared_ptr<const PromptLibrary> library,
                                                       ScorerOptions options) {
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* score,
                          library->Find(options.prompt_version, kScoreKind));
  JOBREC_ASSIGN_OR_RETURN(const PromptTemplate* repair,
                          library->Find(options.repair_version, kRepairKind));
  StructuredCaller caller(std::move(client), repair, options.max_output_tokens);
  return std::unique_ptr<Scorer>(
      new Scorer(std::move(library), score, std::move(caller), std::move(options)));
}

Scorer::Scorer(std::shared_ptr<const PromptLibrary> library, const PromptTemplate* score,
               StructuredCaller caller, ScorerOptions options)
    : library_(std::move(library)),
      score_(score),
      caller_(std::move(caller)),
      options_(std::move(options)) {}

absl::StatusOr<ScoringPrompt> Scorer::BuildPrompt(const ScoringRequest& request) const {
  if (request.profile == nullptr) return absl::InvalidArgumentError("scoring request without a profile");
  static const std::vector<RatingExample> kNoRatings;
  ScoringPrompt result;
  JOBREC_ASSIGN_OR_RETURN(
      result.prompt,
      RenderScoringPrompt(*score_, *request.profile, request.posting,
                          request.ratings ? *request.ratings : kNoRatings, options_.render));
  const LlmClient& llm = caller_.client();
  result.cache_key = Fingerprint({llm.Provider(), llm.Model(), result.prompt.version,
                                  result.prompt.system, result.prompt.user});
  return result;
}

ScoreOutcome Scorer::Score(const ScoringPrompt& prompt, const CallAccounting& accounting,
                           const std::atomic<bool>* cancelled) const {
  const StructuredRequest request{
      .system = prompt.prompt.system,
      .messages = {{.role = ChatMessage::Role::kUser, .content = prompt.prompt.user}},
      .reply = ScoreReplySchema(),
      .cancelled = cancelled,
  };
  StructuredOutcome call = caller_.Call(
      request, [](const nlohmann::json& reply) { return ScoreFromJson(reply).status(); },
      accounting);
  ScoreOutcome outcome;
  outcome.usage = call.usage;
  outcome.cost_usd = CostUsd(call.usage, options_.pricing);
  outcome.calls = call.calls;
  outcome.repaired = call.repaired;
  outcome.budget_refused = call.budget_refused;
  outcome.model = call.model.empty() ? caller_.client().Model() : call.model;
  outcome.prompt_version = prompt.prompt.version;
  if (call.value.ok()) {
    outcome.result = ScoreFromJson(*call.value);
  } else {
    outcome.result = call.value.status();
  }
  return outcome;
}

}  // namespace jobrec::llm
