#include "jobrec/api/middleware.h"

namespace jobrec::api {
namespace {

class NoAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const Request&) const override {
    return absl::UnauthenticatedError("authentication is required");
  }
};

class AcceptAllCsrf final : public CsrfVerifier {
 public:
  absl::Status Verify(const Request&, const Principal&) const override { return absl::OkStatus(); }
};

class NoRateLimit final : public RateLimiter {
 public:
  absl::Status Admit(const Request&) const override { return absl::OkStatus(); }
};

}  // namespace

Guards Guards::WithDefaults() const {
  Guards out = *this;
  if (!out.authenticator) out.authenticator = std::make_shared<NoAuthenticator>();
  if (!out.csrf) out.csrf = std::make_shared<AcceptAllCsrf>();
  if (!out.rate_limiter) out.rate_limiter = std::make_shared<NoRateLimit>();
  return out;
}

}  // namespace jobrec::api
