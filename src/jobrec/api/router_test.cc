#include "jobrec/api/router.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

using nlohmann::json;

Handler Echo(std::string name) {
  return [name](const Request& request) -> absl::StatusOr<Response> {
    return Response::Json({{"handler", name}, {"params", request.path_params}});
  };
}

Request Make(std::string method, std::string path) {
  return Request{.method = std::move(method), .path = std::move(path)};
}

json BodyOf(const Response& response) { return json::parse(response.body); }

class FakeAuthenticator : public Authenticator {
 public:
  explicit FakeAuthenticator(absl::StatusOr<Principal> result) : result_(std::move(result)) {}
  absl::StatusOr<Principal> Authenticate(const Request&) const override {
    ++calls;
    return result_;
  }
  mutable std::atomic<int> calls{0};

 private:
  absl::StatusOr<Principal> result_;
};

class FakeCsrf : public CsrfVerifier {
 public:
  absl::Status Verify(const Request& request, const Principal&) const override {
    ++calls;
    return request.Header("X-CSRF-Token") == "ok" ? absl::OkStatus()
                                                  : absl::PermissionDeniedError("CSRF token missing");
  }
  mutable std::atomic<int> calls{0};
};

class FakeRateLimiter : public RateLimiter {
 public:
  absl::Status Admit(const Request& request) const override {
    return request.remote_addr == "10.0.0.9" ? absl::ResourceExhaustedError("slow down")
                                             : absl::OkStatus();
  }
};

TEST(RouterTest, MatchesLiteralsAndDecodedParameters) {
  Router router;
  router.Get("/api/v1/jobs/{id}", Echo("job"));
  router.Get("/api/v1/jobs/{id}/reviews/{review_id}", Echo("review"));
  Request request = Make("GET", "/api/v1/jobs/a%2Fb%20c/reviews/7");
  Response response = router.Dispatch(request);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(BodyOf(response)["handler"], "review");
  EXPECT_EQ(request.PathParam("id"), "a/b c");
  EXPECT_EQ(request.PathParam("review_id"), "7");
  EXPECT_EQ(request.route, "/api/v1/jobs/{id}/reviews/{review_id}");
}

TEST(RouterTest, LiteralBeatsParameterRegardlessOfOrder) {
  Router router;
  router.Get("/api/v1/jobs/{id}", Echo("by_id"));
  router.Get("/api/v1/jobs/search", Echo("search"));
  Request search = Make("GET", "/api/v1/jobs/search");
  EXPECT_EQ(BodyOf(router.Dispatch(search))["handler"], "search");
  Request other = Make("GET", "/api/v1/jobs/12");
  EXPECT_EQ(BodyOf(router.Dispatch(other))["handler"], "by_id");
}

TEST(RouterTest, UnknownRouteIs404Json) {
  Router router;
  router.Get("/api/v1/jobs/{id}", Echo("job"));
  for (const std::string path : {"/api/v1/nothing", "/api/v1/jobs/", "/api/v1/jobs", "/api/v1/jobs/1/x"}) {
    Request request = Make("GET", path);
    Response response = router.Dispatch(request);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(BodyOf(response)["error"]["code"], "not_found");
    EXPECT_EQ(request.route, kUnmatchedRoute);
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.Get("/api/v1/profile", Echo("get"));
  router.Put("/api/v1/profile", Echo("put"));
  Request request = Make("DELETE", "/api/v1/profile");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(BodyOf(response)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(response.Header("Allow"), "GET, HEAD, PUT");
  EXPECT_EQ(request.route, "/api/v1/profile");
}

TEST(RouterTest, HeadIsRoutedAsGet) {
  Router router;
  router.Get("/api/v1/profile", Echo("get"));
  Request request = Make("HEAD", "/api/v1/profile");
  EXPECT_EQ(router.Dispatch(request).status, 200);
}

TEST(RouterTest, MalformedPathIs400) {
  Router router;
  Request request = Make("GET", "/a%zz");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(BodyOf(response)["error"]["code"], "bad_request");
}

TEST(RouterTest, HandlerStatusGoesThroughTheMapping) {
  Router router;
  router.Post("/api/v1/profile", [](const Request&) -> absl::StatusOr<Response> {
    return common::InvalidField("skills[0].weight", "must be from 1 to 5");
  });
  Request request = Make("POST", "/api/v1/profile");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(BodyOf(response)["error"]["field"], "skills[0].weight");
  EXPECT_EQ(BodyOf(response)["error"]["message"], "must be from 1 to 5");
}

TEST(RouterTest, ExceptionBecomes500WithoutDetails) {
  Router router;
  router.Get("/api/v1/boom", [](const Request&) -> absl::StatusOr<Response> {
    throw std::runtime_error("connection to postgres://admin:hunter2@db failed");
  });
  router.Get("/api/v1/boom2", [](const Request&) -> absl::StatusOr<Response> { throw 42; });
  for (const std::string path : {"/api/v1/boom", "/api/v1/boom2"}) {
    Request request = Make("GET", path);
    Response response = router.Dispatch(request);
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(BodyOf(response)["error"]["code"], "internal");
    EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
    EXPECT_EQ(response.body.find("postgres"), std::string::npos);
  }
}

TEST(RouterTest, AuthRequiredFailsClosedWithoutAnAuthenticator) {
  Router router;
  router.Get("/api/v1/me", Echo("me"), {.auth = AuthMode::kRequired});
  router.Get("/api/v1/feed", Echo("feed"), {.auth = AuthMode::kOptional});
  Request me = Make("GET", "/api/v1/me");
  Response response = router.Dispatch(me);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(BodyOf(response)["error"]["code"], "unauthenticated");
  Request feed = Make("GET", "/api/v1/feed");
  EXPECT_EQ(router.Dispatch(feed).status, 200);
  EXPECT_FALSE(feed.principal.has_value());
}

TEST(RouterTest, AuthenticatorSetsThePrincipal) {
  auto authenticator = std::make_shared<FakeAuthenticator>(Principal{.user_id = "u42"});
  Router router(Guards{.authenticator = authenticator});
  std::string seen;
  router.Get("/api/v1/me", [&seen](const Request& request) -> absl::StatusOr<Response> {
    seen = request.user_id();
    return Response::Empty();
  }, {.auth = AuthMode::kRequired});
  router.Get("/api/v1/public", Echo("public"));
  Request me = Make("GET", "/api/v1/me");
  EXPECT_EQ(router.Dispatch(me).status, 204);
  EXPECT_EQ(seen, "u42");
  Request open = Make("GET", "/api/v1/public");
  router.Dispatch(open);
  EXPECT_EQ(authenticator->calls, 1) << "public routes must not call the authenticator";
}

TEST(RouterTest, AdminRoutesAnswer401ThenOnlyAdministrators) {
  Router anonymous;
  anonymous.Get("/api/v1/admin/x", Echo("x"), {.auth = AuthMode::kAdmin});
  Request nobody = Make("GET", "/api/v1/admin/x");
  EXPECT_EQ(anonymous.Dispatch(nobody).status, 401);

  Router as_user(Guards{.authenticator = std::make_shared<FakeAuthenticator>(Principal{.user_id = "u1"})});
  as_user.Get("/api/v1/admin/x", Echo("x"), {.auth = AuthMode::kAdmin});
  Request user = Make("GET", "/api/v1/admin/x");
  Response refused = as_user.Dispatch(user);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(BodyOf(refused)["error"]["code"], "permission_denied");

  Router as_admin(Guards{.authenticator = std::make_shared<FakeAuthenticator>(
                             Principal{.user_id = "u2", .is_admin = true})});
  as_admin.Get("/api/v1/admin/x", Echo("x"), {.auth = AuthMode::kAdmin});
  Request admin = Make("GET", "/api/v1/admin/x");
  EXPECT_EQ(as_admin.Dispatch(admin).status, 200);
}

TEST(RouterTest, AuthenticatorOutageIsNotAnonymous) {
  auto authenticator = std::make_shared<FakeAuthenticator>(absl::UnavailableError("db down"));
  Router router(Guards{.authenticator = authenticator});
  router.Get("/api/v1/feed", Echo("feed"), {.auth = AuthMode::kOptional});
  Request feed = Make("GET", "/api/v1/feed");
  EXPECT_EQ(router.Dispatch(feed).status, 503);
}

TEST(RouterTest, CsrfOnlyForCookieSessionsOnStateChangingMethods) {
  auto csrf = std::make_shared<FakeCsrf>();
  auto cookie_user = std::make_shared<FakeAuthenticator>(
      Principal{.user_id = "u1", .via = Principal::Via::kSessionCookie});
  Router router(Guards{.authenticator = cookie_user, .csrf = csrf});
  router.Get("/api/v1/me", Echo("get"), {.auth = AuthMode::kRequired});
  router.Post("/api/v1/me", Echo("post"), {.auth = AuthMode::kRequired});

  Request get = Make("GET", "/api/v1/me");
  EXPECT_EQ(router.Dispatch(get).status, 200);
  EXPECT_EQ(csrf->calls, 0);

  Request post = Make("POST", "/api/v1/me");
  Response rejected = router.Dispatch(post);
  EXPECT_EQ(rejected.status, 403);
  EXPECT_EQ(BodyOf(rejected)["error"]["code"], "permission_denied");

  Request with_token = Make("POST", "/api/v1/me");
  with_token.headers = {{"X-CSRF-Token", "ok"}};
  EXPECT_EQ(router.Dispatch(with_token).status, 200);

  auto token_user = std::make_shared<FakeAuthenticator>(
      Principal{.user_id = "u1", .via = Principal::Via::kBearerToken});
  auto csrf2 = std::make_shared<FakeCsrf>();
  Router api_router(Guards{.authenticator = token_user, .csrf = csrf2});
  api_router.Post("/api/v1/me", Echo("post"), {.auth = AuthMode::kRequired});
  Request bearer = Make("POST", "/api/v1/me");
  EXPECT_EQ(api_router.Dispatch(bearer).status, 200);
  EXPECT_EQ(csrf2->calls, 0);
}

TEST(RouterTest, RateLimiterRunsBeforeAuthentication) {
  auto authenticator = std::make_shared<FakeAuthenticator>(Principal{.user_id = "u1"});
  Router router(Guards{.authenticator = authenticator,
                       .rate_limiter = std::make_shared<FakeRateLimiter>()});
  router.Get("/api/v1/me", Echo("me"), {.auth = AuthMode::kRequired});
  Request limited = Make("GET", "/api/v1/me");
  limited.remote_addr = "10.0.0.9";
  Response response = router.Dispatch(limited);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(BodyOf(response)["error"]["code"], "resource_exhausted");
  EXPECT_EQ(authenticator->calls, 0);
}

TEST(RouterTest, FallbackOnlyForPagesOutsideTheApi) {
  Router router;
  router.Get("/healthz", Echo("health"));
  router.SetFallback([](const Request&) -> absl::StatusOr<Response> { return Response::Text("spa"); });
  Request page = Make("GET", "/jobs/12");
  EXPECT_EQ(router.Dispatch(page).body, "spa");
  EXPECT_EQ(page.route, kStaticRoute);
  for (const std::string path : {"/api/v1/nothing", "/api", "/readyz", "/metrics"}) {
    Request request = Make("GET", path);
    EXPECT_EQ(router.Dispatch(request).status, 404) << path;
  }
  Request post = Make("POST", "/jobs/12");
  EXPECT_EQ(router.Dispatch(post).status, 404);
  EXPECT_EQ(router.RouteFor("GET", "/jobs/12"), kStaticRoute);
  EXPECT_EQ(router.RouteFor("POST", "/healthz"), "/healthz");
  EXPECT_EQ(router.RouteFor("GET", "/api/x"), kUnmatchedRoute);
}

TEST(RouterDeathTest, ProgrammingErrorsAbortAtRegistration) {
  auto handler = Echo("x");
  EXPECT_DEATH(Router().Get("no-slash", handler), "must start with");
  EXPECT_DEATH(Router().Get("/jobs/{Id}", handler), "lower_snake");
  EXPECT_DEATH(Router().Get("/jobs/{id}/{id}", handler), "unique");
  EXPECT_DEATH(Router().Get("/jobs/x{id}", handler), "whole segment");
  EXPECT_DEATH(Router().Add("TRACE", "/x", handler), "unknown method");
  EXPECT_DEATH(Router().Get("/jobs/{id}", handler).Get("/jobs/{job_id}", handler), "clashes");
}

}  // namespace
}  // namespace jobrec::api
