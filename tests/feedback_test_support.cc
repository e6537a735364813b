#include "tests/feedback_test_support.h"

#include "absl/strings/str_cat.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/feedback_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/api/review_routes.h"
#include "tests/support/api_requests.h"
#include "tests/support/fasttext_test_options.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "tangerine-orbit-42";

}  // namespace

void FeedbackApiTest::SetUp() {
  IngestTest::SetUp();
  models_ = std::make_unique<embed::testing::ScratchDir>("feedback-api-test");
  auth_ = std::make_unique<auth::AuthService>(db(), auth::AuthOptions{}, auth::NewMailer({}));
  fasttext_ = std::make_unique<rank::FastTextService>(db(), SmallFastTextOptions(models_->path()));
  router_ = std::make_unique<api::Router>(api::SessionGuards(*auth_));
  api::AddAuthRoutes(*router_, *auth_);
  api::AddProfileRoutes(*router_, db());
  api::AddRecommendationRoutes(*router_, {.db = db(), .fasttext = *fasttext_});
  api::AddReviewRoutes(*router_, db());
  api::AddFeedbackRoutes(*router_, db(), *fasttext_);
}

void FeedbackApiTest::TearDown() {
  router_.reset();
  fasttext_.reset();
  auth_.reset();
  IngestTest::TearDown();
}

void FeedbackApiTest::LoadPostings(bool with_salaries) {
  ASSERT_TRUE(SyncFake(AddFakeSource("board"), ThreeGroupsScript(with_salaries)).ok());
  ASSERT_EQ(Count("status = 'active' AND canonical_id IS NULL"), 30);
}

void FeedbackApiTest::LoadPostingsAndWarmUp() {
  LoadPostings(/*with_salaries=*/false);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
}

int64_t FeedbackApiTest::PostingId(const std::string& external_id) {
  return test_db().QueryInt("SELECT id FROM postings WHERE external_id = '" + external_id + "'");
}

std::string FeedbackApiTest::SignedIn(const std::string& email) {
  api::Request signup{.method = "POST", .path = "/api/v1/auth/signup",
                      .body = json({{"email", email}, {"password", kPassword}}).dump()};
  signup.headers = {{"Content-Type", "application/json"}};
  signup.remote_addr = kTestClientAddress;
  EXPECT_EQ(router_->Dispatch(signup).status, 201);
  api::Request login = signup;
  login.path = "/api/v1/auth/login";
  const api::Response response = router_->Dispatch(login);
  EXPECT_EQ(response.status, 200) << response.body;
  const json body = json::parse(response.body);
  csrf_by_token_[body["access_token"]] = body["csrf_token"];
  return body["access_token"];
}

api::Response FeedbackApiTest::CallWithCookie(const std::string& token, const std::string& method,
                                              const std::string& path, const json& body, bool with_csrf) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Cookie", absl::StrCat(api::kSessionCookie, "=", token, "; ", api::kCsrfCookie, "=", csrf_by_token_[token])}};
  if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_by_token_[token]);
  api::Request request = JsonRequest(method, path, std::move(headers), body);
  request.remote_addr = kTestClientAddress;
  return router_->Dispatch(request);
}

api::Response FeedbackApiTest::Call(const std::string& token, const std::string& method,
                                    const std::string& path, std::multimap<std::string, std::string> query,
                                    const json& body) {
  api::Request request = BearerRequest(token, method, path, std::move(query), body);
  return router_->Dispatch(request);
}

void FeedbackApiTest::PutKubernetesProfile(const std::string& token) {
  const json profile = {
      {"job_titles", {"Kubernetes Platform Engineer"}},
      {"ideal_job", "Run kubernetes clusters and cloud infrastructure with terraform"},
      {"experience", "1-2 years"},
      {"technical_skills", {{{"name", "Kubernetes"}, {"weight", 60}}, {{"name", "Terraform"}, {"weight", 40}}}}};
  const api::Response put = Call(token, "PUT", "/api/v1/profile", {}, profile);
  ASSERT_EQ(put.status, 200) << put.body;
}

std::string FeedbackApiTest::KubernetesUser(const std::string& email) {
  const std::string token = SignedIn(email);
  PutKubernetesProfile(token);
  return token;
}

std::vector<std::string> FeedbackApiTest::Recommended(const std::string& token,
                                                      std::multimap<std::string, std::string> query) {
  if (!query.count("remote")) query.emplace("remote", "any");
  if (!query.count("limit")) query.emplace("limit", "100");
  const api::Response response = Call(token, "GET", "/api/v1/recommendations", std::move(query));
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<std::string> ids;
  if (response.status != 200) return ids;
  const json body = json::parse(response.body);
  for (const json& item : body["items"]) ids.push_back(item["job"]["external_id"]);
  return ids;
}

api::Response FeedbackApiTest::PutReview(const std::string& token, const std::string& external_id,
                                         const json& review) {
  return Call(token, "PUT", absl::StrCat("/api/v1/jobs/", PostingId(external_id), "/review"), {}, review);
}

}  // namespace jobrec::testing
