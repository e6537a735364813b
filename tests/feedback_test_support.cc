#include "tests/feedback_test_support.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/feedback_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/api/review_routes.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "tangerine-orbit-42";

}  // namespace

void FeedbackApiTest::SetUp() {
  IngestTest::SetUp();
  models_ = std::make_unique<embed::testing::ScratchDir>("feedback-api-test");
  auth_ = std::make_unique<auth::AuthService>(db(), auth::AuthOptions{}, auth::NewMailer({}));
  rank::FastTextServiceOptions options;
  options.models_dir = models_->path();
  options.train = {.dim = 16, .epoch = 5, .min_count = 1, .threads = 1, .bucket = 20000};
  options.wait_for_postings = std::chrono::milliseconds(10);
  fasttext_ = std::make_unique<rank::FastTextService>(db(), options);
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

void FeedbackApiTest::LoadPostingsAndWarmUp() {
  ASSERT_TRUE(SyncFake(AddFakeSource("board"), ThreeGroupsScript(/*with_salaries=*/false)).ok());
  ASSERT_EQ(Count("status = 'active' AND canonical_id IS NULL"), 30);
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
}

int64_t FeedbackApiTest::PostingId(const std::string& external_id) {
  return test_db().QueryInt("SELECT id FROM postings WHERE external_id = '" + external_id + "'");
}

std::string FeedbackApiTest::SignedIn(const std::string& email) {
  api::Request signup{.method = "POST", .path = "/api/v1/auth/signup",
                      .body = json({{"email", email}, {"password", kPassword}}).dump()};
  signup.headers = {{"Content-Type", "application/json"}};
  signup.remote_addr = "192.0.2.1";
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
  api::Request request{.method = method, .path = path};
  request.remote_addr = "192.0.2.1";
  request.headers = {{"Cookie", absl::StrCat(api::kSessionCookie, "=", token, "; ", api::kCsrfCookie, "=",
                                             csrf_by_token_[token])}};
  if (with_csrf) request.headers.emplace_back("X-CSRF-Token", csrf_by_token_[token]);
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.emplace_back("Content-Type", "application/json");
  }
  return router_->Dispatch(request);
}

api::Response FeedbackApiTest::Call(const std::string& token, const std::string& method,
                                    const std::string& path, std::multimap<std::string, std::string> query,
                                    const json& body) {
  api::Request request{.method = method, .path = path, .query = std::move(query)};
  request.remote_addr = "192.0.2.1";
  request.headers = {{"Authorization", "Bearer " + token}};
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.emplace_back("Content-Type", "application/json");
  }
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
