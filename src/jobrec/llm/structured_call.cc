#include "jobrec/llm/structured_call.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "jobrec/llm/cost.h"
#include "jobrec/llm/json_extract.h"
#include "jobrec/llm/prompt.h"

namespace jobrec::llm {
namespace {

// How much of a bad reply is echoed back in the repair request.
constexpr size_t kMaxEchoedReply = 8000;

bool IsCancelled(const StructuredRequest& request) {
  return request.cancelled != nullptr && request.cancelled->load();
}

// The parsed and checked reply, or why it is not usable.
absl::StatusOr<nlohmann::json> ParseAndCheck(const ModelReply& reply, const ReplyCheck& check) {
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json value, ExtractJsonObject(reply.text));
  JOBREC_RETURN_IF_ERROR(check(value));
  return value;
}

}  // namespace

StructuredCaller::StructuredCaller(std::shared_ptr<LlmClient> client, const PromptTemplate* repair,
                                   int max_output_tokens)
    : client_(std::move(client)), repair_(repair), max_output_tokens_(max_output_tokens) {}

std::optional<ModelReply> StructuredCaller::CallOnce(const StructuredRequest& request,
                                                     const CallAccounting& accounting,
                                                     StructuredOutcome& outcome) const {
  if (IsCancelled(request)) {
    outcome.value = absl::CancelledError("cancelled before the LLM call");
    return std::nullopt;
  }
  if (accounting.reserve && !accounting.reserve(EstimateUsage(request, max_output_tokens_))) {
    outcome.budget_refused = true;
    outcome.value = absl::ResourceExhaustedError("LLM budget exhausted");
    return std::nullopt;
  }
  absl::StatusOr<ModelReply> reply = client_->Complete(request);
  ++outcome.calls;
  const Usage usage = reply.ok() ? reply->usage : Usage{};
  outcome.usage += usage;
  if (accounting.commit) accounting.commit(usage);
  if (!reply.ok()) {
    outcome.value = reply.status();
    return std::nullopt;
  }
  outcome.model = reply->model;
  if (reply->stop == StopReason::kTruncated) {
    outcome.value = absl::OutOfRangeError(absl::StrCat(
        "reply cut at the output token limit (", max_output_tokens_, " tokens)"));
    return std::nullopt;
  }
  if (reply->stop == StopReason::kRefused) {
    outcome.value = absl::FailedPreconditionError(absl::StrCat("model refused: ", reply->refusal));
    return std::nullopt;
  }
  return std::move(reply).value();
}

StructuredOutcome StructuredCaller::Call(const StructuredRequest& request, const ReplyCheck& check,
                                         const CallAccounting& accounting) const {
  StructuredOutcome outcome;
  std::optional<ModelReply> first = CallOnce(request, accounting, outcome);
  if (!first) return outcome;
  absl::StatusOr<nlohmann::json> value = ParseAndCheck(*first, check);
  if (value.ok()) {
    outcome.value = std::move(value);
    return outcome;
  }

  absl::StatusOr<std::string> repair_message = RenderRepairMessage(*repair_, std::string(value.status().message()));
  if (!repair_message.ok()) {
    outcome.value = repair_message.status();
    return outcome;
  }
  StructuredRequest repair = request;
  std::string echoed = first->text.substr(0, kMaxEchoedReply);
  // An empty assistant turn is rejected by some providers (Anthropic).
  if (echoed.empty()) echoed = "(empty reply)";
  repair.messages.push_back({.role = ChatMessage::Role::kAssistant, .content = std::move(echoed)});
  repair.messages.push_back({.role = ChatMessage::Role::kUser, .content = *std::move(repair_message)});
  std::optional<ModelReply> second = CallOnce(repair, accounting, outcome);
  if (!second) return outcome;
  outcome.repaired = true;
  absl::StatusOr<nlohmann::json> repaired = ParseAndCheck(*second, check);
  if (repaired.ok()) {
    outcome.value = std::move(repaired);
  } else {
    outcome.value = absl::InvalidArgumentError(absl::StrCat(
        "reply did not validate, even after one repair request: ", repaired.status().message(),
        " (first reply: ", value.status().message(), ")"));
  }
  return outcome;
}

}  // namespace jobrec::llm
