// An LlmClient decorator that takes a token from a TokenBucket before every call, so every
// user of one provider client (scoring batches, repairs, generation) shares one rate limit.
//
// Thread-safety: as safe as the wrapped client (the bucket is thread-safe).
#pragma once

#include <memory>

#include "jobrec/llm/llm_client.h"
#include "jobrec/llm/rate_limiter.h"

namespace jobrec::llm {

class RateLimitedClient final : public LlmClient {
 public:
  RateLimitedClient(std::shared_ptr<LlmClient> inner, int requests_per_minute, int burst);

  // Cancelled when the request's cancel flag is raised while waiting for a token; otherwise
  // whatever the wrapped client returns.
  absl::StatusOr<ModelReply> Complete(const StructuredRequest& request) override;
  const std::string& Provider() const override { return inner_->Provider(); }
  const std::string& Model() const override { return inner_->Model(); }

 private:
  std::shared_ptr<LlmClient> inner_;
  TokenBucket bucket_;
};

}  // namespace jobrec::llm
