#include "jobrec/llm/rate_limited_client.h"

#include "absl/strings/str_cat.h"

namespace jobrec::llm {

RateLimitedClient::RateLimitedClient(std::shared_ptr<LlmClient> inner, int requests_per_minute,
                                     int burst)
    : inner_(std::move(inner)), bucket_(requests_per_minute, burst) {}

absl::StatusOr<ModelReply> RateLimitedClient::Complete(const StructuredRequest& request) {
  if (!bucket_.Acquire(request.cancelled)) {
    return absl::CancelledError(
        absl::StrCat(inner_->Provider(), ": cancelled while waiting for the rate limit"));
  }
  return inner_->Complete(request);
}

}  // namespace jobrec::llm
