// /api/v1/auth/* and /api/v1/me, and the session-based guards every protected route uses:
// the authenticator (bearer token or session cookie) and the CSRF check for cookie sessions.
// Handlers are thin: parse, call auth::AuthService, map. Thread-safe (AuthService is).
#pragma once

#include <memory>

#include "jobrec/api/middleware.h"
#include "jobrec/api/router.h"
#include "jobrec/auth/auth_service.h"

namespace jobrec::api {

inline constexpr char kSessionCookie[] = "jobrec_session";
inline constexpr char kCsrfCookie[] = "jobrec_csrf";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

// Guards backed by `service` (which must outlive them).
Guards SessionGuards(auth::AuthService& service);

void AddAuthRoutes(Router& router, auth::AuthService& service);

}  // namespace jobrec::api
