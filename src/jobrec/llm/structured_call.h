// One structured LLM call with validation and a single repair: the reply text is parsed (code
// fences and surrounding prose tolerated), checked, and when it does not pass, a follow-up
// request quotes the error and asks for the corrected JSON only. A reply that still fails is
// a failed outcome with the reason; nothing is ever made up.
//
// Thread-safety: Call() is safe to run from many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/prompt_template.h"

namespace jobrec::llm {

// Cost hooks around every provider call of one outcome (first call and repair).
struct CallAccounting {
  // Asked before each call with its estimated usage (prompt chars/4 in, the output limit
  // out); false means the call is not made. Empty: always allowed.
  std::function<bool(const Usage& estimate)> reserve;
  // Told after each call that reserve() allowed, with the usage the provider reported (zero
  // when the call failed without a reply). Empty: ignored.
  std::function<void(const Usage& actual)> commit;
};

// Returns OK when a parsed reply is usable, else InvalidArgument saying what is wrong (the
// text quoted to the model in the repair request).
using ReplyCheck = std::function<absl::Status(const nlohmann::json& reply)>;

struct StructuredOutcome {
  // The parsed reply that passed the check. Errors: the provider's status (see LlmClient);
  // OutOfRange when the reply was cut at the output token limit; FailedPrecondition when the
  // model refused; InvalidArgument when the reply failed the check again after the repair;
  // ResourceExhausted with budget_refused set when reserve() refused a call; Cancelled.
  absl::StatusOr<nlohmann::json> value = absl::UnknownError("no call made");
  Usage usage;        // summed over every call made, including failed ones
  int calls = 0;      // provider calls made: 0, 1 or 2
  bool repaired = false;        // a repair request was made
  bool budget_refused = false;
  std::string model;  // as the provider reported it
};

class StructuredCaller {
 public:
  // `repair` must be a repair-kind template and outlive the caller.
  StructuredCaller(std::shared_ptr<LlmClient> client, const PromptTemplate* repair,
                   int max_output_tokens);

  StructuredOutcome Call(const StructuredRequest& request, const ReplyCheck& check,
                         const CallAccounting& accounting) const;

  LlmClient& client() const { return *client_; }

 private:
  // One provider call with the accounting around it; adds to `outcome`. nullopt when the
  // call was not made or failed (outcome.value then holds why).
  std::optional<ModelReply> CallOnce(const StructuredRequest& request,
                                     const CallAccounting& accounting,
                                     StructuredOutcome& outcome) const;

  std::shared_ptr<LlmClient> client_;
  const PromptTemplate* repair_;
  int max_output_tokens_;
};

}  // namespace jobrec::llm
