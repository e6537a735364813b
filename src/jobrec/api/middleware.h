// The slots where request policy plugs into the router: rate limiting, authentication and CSRF.
// The router provides the mechanism (when each runs, how its error becomes a response); the
// policies come from auth/ and are wired in by `jobrec serve`.
//
// Order for every matched route: RateLimiter::Admit → (routes with AuthMode kOptional or
// kRequired) Authenticator::Authenticate → (cookie sessions on POST, PUT, PATCH, DELETE)
// CsrfVerifier::Verify → handler. A non-OK status from any step becomes the response through
// ErrorResponse (http_error.h), so ResourceExhausted is a 429, Unauthenticated a 401,
// PermissionDenied a 403.
//
// Implementations are called concurrently from the server's worker threads and must be
// thread-safe.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "jobrec/api/principal.h"
#include "jobrec/api/request.h"

namespace jobrec::api {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The caller's identity from the request's credentials (session cookie, bearer token).
  // Unauthenticated when there are none or they are invalid or expired; other codes for
  // failures (Unavailable when the session store is down).
  virtual absl::StatusOr<Principal> Authenticate(const Request& request) const = 0;
};

class CsrfVerifier {
 public:
  virtual ~CsrfVerifier() = default;
  // Called for state-changing requests authenticated by a session cookie. PermissionDenied
  // when the request does not prove it came from our own pages.
  virtual absl::Status Verify(const Request& request, const Principal& principal) const = 0;
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Called before authentication with request.route and request.remote_addr set.
  // ResourceExhausted when the caller is over its limit.
  virtual absl::Status Admit(const Request& request) const = 0;
};

// Defaults until auth/ plugs in its policies:
// - the authenticator fails closed: every route that requires auth answers 401, and kOptional
//   routes run anonymously;
// - the CSRF verifier accepts everything (only the authenticator can produce a cookie session,
//   so there is nothing to protect until one is installed);
// - the rate limiter admits everything.
struct Guards {
  std::shared_ptr<const Authenticator> authenticator;
  std::shared_ptr<const CsrfVerifier> csrf;
  std::shared_ptr<const RateLimiter> rate_limiter;

  // This set with every empty slot filled by its default.
  Guards WithDefaults() const;
};

}  // namespace jobrec::api
