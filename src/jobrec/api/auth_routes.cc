#include "jobrec/api/auth_routes.h"

#include "jobrec/auth/token.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

// Reads a required string member; InvalidArgument naming it otherwise.
absl::StatusOr<std::string> StringField(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    return common::InvalidField(name, std::string(name) + " is required and must be a string");
  }
  return it->get<std::string>();
}

json UserJson(const store::UserRecord& user) {
  return {{"id", user.id}, {"email", user.email}, {"is_admin", user.is_admin}};
}

std::optional<std::string> BearerToken(const Request& request) {
  auto header = request.Header("Authorization");
  if (!header) return std::nullopt;
  constexpr std::string_view kPrefix = "Bearer ";
  if (header->size() <= kPrefix.size() || header->compare(0, kPrefix.size(), kPrefix) != 0) {
    return std::string();  // present but not a bearer token: fails authentication
  }
  return header->substr(kPrefix.size());
}

class SessionAuthenticator : public Authenticator {
 public:
  explicit SessionAuthenticator(auth::AuthService& service) : service_(service) {}
  absl::StatusOr<Principal> Authenticate(const Request& request) const override {
    JOBREC_ASSIGN_OR_RETURN(auto user,
                            service_.Authenticate(BearerToken(request), request.CookieValue(kSessionCookie)));
    Principal principal;
    principal.user_id = std::to_string(user.id);
    principal.via = user.via_cookie ? Principal::Via::kSessionCookie : Principal::Via::kBearerToken;
    principal.email = user.email;
    principal.is_admin = user.is_admin;
    principal.session_token_hash = user.token_hash;
    principal.csrf_hash = user.csrf_hash;
    return principal;
  }

 private:
  auth::AuthService& service_;
};

class SessionCsrfVerifier : public CsrfVerifier {
 public:
  explicit SessionCsrfVerifier(auth::AuthService& service) : service_(service) {}
  absl::Status Verify(const Request& request, const Principal& principal) const override {
    auth::AuthenticatedUser user;
    user.via_cookie = principal.via == Principal::Via::kSessionCookie;
    user.csrf_hash = principal.csrf_hash;
    return service_.CheckCsrf(user, request.Header(kCsrfHeader));
  }

 private:
  auth::AuthService& service_;
};

auth::AuthenticatedUser UserOf(const Request& request) {
  auth::AuthenticatedUser user;
  user.id = std::stoll(request.principal->user_id);
  user.token_hash = request.principal->session_token_hash;
  return user;
}

}  // namespace

Guards SessionGuards(auth::AuthService& service) {
  Guards guards;
  guards.authenticator = std::make_shared<SessionAuthenticator>(service);
  guards.csrf = std::make_shared<SessionCsrfVerifier>(service);
  return guards;
}

void AddAuthRoutes(Router& router, auth::AuthService& service) {
  router.Post("/api/v1/auth/signup", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(json body, req.JsonBody());
    JOBREC_ASSIGN_OR_RETURN(std::string email, StringField(body, "email"));
    JOBREC_ASSIGN_OR_RETURN(std::string password, StringField(body, "password"));
    JOBREC_ASSIGN_OR_RETURN(auto user, service.Signup(email, password, req.remote_addr));
    return Response::Json({{"user", UserJson(user)}}, 201);
  });

  router.Post("/api/v1/auth/login", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(json body, req.JsonBody());
    JOBREC_ASSIGN_OR_RETURN(std::string email, StringField(body, "email"));
    JOBREC_ASSIGN_OR_RETURN(std::string password, StringField(body, "password"));
    JOBREC_ASSIGN_OR_RETURN(auto login, service.Login(email, password, req.remote_addr));
    Response response = Response::Json({{"user", UserJson(login.user)},
                                        {"access_token", login.token},
                                        {"token_type", "Bearer"},
                                        {"csrf_token", login.csrf_token}});
    response.SetCookie({.name = kSessionCookie, .value = login.token});
    response.SetCookie({.name = kCsrfCookie, .value = login.csrf_token, .http_only = false});
    return response;
  });

  router.Post("/api/v1/auth/logout", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_RETURN_IF_ERROR(service.Logout(UserOf(req)));
    Response response = Response::Empty(204);
    response.SetCookie(Cookie::Expired(kSessionCookie));
    Cookie csrf = Cookie::Expired(kCsrfCookie);
    csrf.http_only = false;
    response.SetCookie(csrf);
    return response;
  }, {.auth = AuthMode::kRequired});

  router.Get("/api/v1/me", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(auto user, service.accounts().GetMe(UserOf(req).id));
    return Response::Json({{"user", UserJson(user)}});
  }, {.auth = AuthMode::kRequired});

  router.Post("/api/v1/auth/password-reset", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(json body, req.JsonBody());
    JOBREC_ASSIGN_OR_RETURN(std::string email, StringField(body, "email"));
    JOBREC_RETURN_IF_ERROR(service.RequestPasswordReset(email, req.remote_addr));
    return Response::Json({{"status", "if an account exists for this email, a reset link is on its way"}}, 202);
  });

  router.Post("/api/v1/auth/password-reset/confirm", [&service](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(json body, req.JsonBody());
    JOBREC_ASSIGN_OR_RETURN(std::string token, StringField(body, "token"));
    JOBREC_ASSIGN_OR_RETURN(std::string password, StringField(body, "password"));
    JOBREC_RETURN_IF_ERROR(service.ConfirmPasswordReset(token, password));
    return Response::Empty(204);
  });
}

}  // namespace jobrec::api
