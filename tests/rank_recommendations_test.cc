// The fastText engine end to end against a real PostgreSQL: postings synced in, a tiny model
// trained on them, postings embedded into posting_vectors, the index built, and
// recommendations for a real signed-in user (bearer session) through the router: relevance,
// filters, explanations, parameter errors, the no-profile and warming-up answers.
#include <chrono>
#include <set>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/api/router.h"
#include "jobrec/auth/auth_service.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/rank/embed_postings.h"
#include "jobrec/store/posting_vector_repo.h"
#include "jobrec/tasks/embed_postings_task.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "tangerine-orbit-42";

class RecommendationsTest : public IngestTest {
 protected:
  void SetUp() override {
    IngestTest::SetUp();
    models_ = std::make_unique<embed::testing::ScratchDir>("rank-recommendations-test");
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
  }
  void TearDown() override {
    router_.reset();
    fasttext_.reset();
    auth_.reset();
    IngestTest::TearDown();
  }

  // ThreeGroupsScript with salaries (ingest_test_support.h).
  void LoadPostings() {
    ASSERT_TRUE(SyncFake(AddFakeSource("board"), ThreeGroupsScript(/*with_salaries=*/true)).ok());
    ASSERT_EQ(Count("status = 'active' AND canonical_id IS NULL"), 30);
  }

  std::string SignedIn(const std::string& email) {
    api::Request signup{.method = "POST", .path = "/api/v1/auth/signup",
                        .body = json({{"email", email}, {"password", kPassword}}).dump()};
    signup.headers = {{"Content-Type", "application/json"}};
    signup.remote_addr = "192.0.2.1";
    EXPECT_EQ(router_->Dispatch(signup).status, 201);
    api::Request login = signup;
    login.path = "/api/v1/auth/login";
    const api::Response response = router_->Dispatch(login);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body)["access_token"];
  }

  api::Response Call(const std::string& token, const std::string& method, const std::string& path,
                     std::multimap<std::string, std::string> query = {}, const json& body = nullptr) {
    api::Request request{.method = method, .path = path, .query = std::move(query)};
    request.remote_addr = "192.0.2.1";
    request.headers = {{"Authorization", "Bearer " + token}};
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
    return router_->Dispatch(request);
  }

  void PutKubernetesProfile(const std::string& token) {
    const json profile = {
        {"job_titles", {"Kubernetes Platform Engineer"}},
        {"ideal_job", "Run kubernetes clusters and cloud infrastructure with terraform"},
        {"technical_skills", {{{"name", "Kubernetes"}, {"weight", 60}}, {{"name", "Terraform"}, {"weight", 40}}}}};
    const api::Response put = Call(token, "PUT", "/api/v1/profile", {}, profile);
    ASSERT_EQ(put.status, 200) << put.body;
  }

  json Recommend(const std::string& token, std::multimap<std::string, std::string> query = {}) {
    const api::Response response = Call(token, "GET", "/api/v1/recommendations", std::move(query));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  std::unique_ptr<embed::testing::ScratchDir> models_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<rank::FastTextService> fasttext_;
  std::unique_ptr<api::Router> router_;
};

TEST_F(RecommendationsTest, WarmsUpEmbedsIdempotentlyAndRecommendsRelevantPostingsFirst) {
  LoadPostings();
  const std::string token = SignedIn("kube@example.org");
  PutKubernetesProfile(token);

  // Before the warm-up: 503 and the engine listed as unavailable.
  EXPECT_EQ(Call(token, "GET", "/api/v1/recommendations").status, 503);
  EXPECT_EQ(json::parse(Call(token, "GET", "/api/v1/engines").body)["engines"][0]["available"], false);

  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
  EXPECT_EQ(fasttext_->Status(), "ready");
  const std::string version = fasttext_->Engine()->model_version();
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM model_versions"), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 30);
  EXPECT_EQ(test_db().QueryInt("SELECT min(cardinality(title_vector)) FROM posting_vectors"), 16);
  // Embedding again finds nothing to do; a changed posting is embedded again.
  auto again = rank::EmbedPendingPostings(db(), fasttext_->Engine()->embedder(), version);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  test_db().Exec("UPDATE postings SET content_hash = repeat('0', 64) WHERE external_id = '1-3'");
  again = rank::EmbedPendingPostings(db(), fasttext_->Engine()->embedder(), version);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 30);

  const json body = Recommend(token, {{"limit", "10"}, {"remote", "any"}});
  EXPECT_EQ(body["engine"], "fasttext");
  ASSERT_EQ(body["items"].size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    const json& item = body["items"][i];
    EXPECT_EQ(item["job"]["title"].get<std::string>().rfind("Kubernetes Platform Engineer", 0), 0u)
        << "rank " << i << ": " << item["job"]["title"];
    EXPECT_TRUE(item["job"]["id"].is_number_integer());
    EXPECT_EQ(item["job"]["labels"]["onet_soc"], "15-2051.00");
    EXPECT_TRUE(item["scored"].get<bool>());
    EXPECT_GT(item["score"].get<double>(), 0.0);
    EXPECT_NEAR(item["score_10"].get<double>(), item["score"].get<double>() * 10, 0.051);
    if (i > 0) {
      EXPECT_LE(item["score"].get<double>(), body["items"][i - 1]["score"].get<double>());
    }
    const json& matched = item["explanation"]["matched"];
    EXPECT_NE(std::find(matched.begin(), matched.end(), "Kubernetes"), matched.end()) << matched;
    EXPECT_NE(std::find(matched.begin(), matched.end(), "Terraform"), matched.end()) << matched;
    EXPECT_NE(std::find(matched.begin(), matched.end(), "Kubernetes Platform Engineer"),
              matched.end());
    EXPECT_TRUE(item["explanation"]["missing"].is_array());
  }
  EXPECT_EQ(json::parse(Call(token, "GET", "/api/v1/engines").body)["engines"][0]["available"], true);
}

TEST_F(RecommendationsTest, FiltersApply) {
  LoadPostings();
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
  const std::string token = SignedIn("filters@example.org");
  PutKubernetesProfile(token);

  const auto all_match = [&](std::multimap<std::string, std::string> query, size_t expected,
                             const std::function<bool(const json&)>& ok) {
    query.emplace("limit", "100");
    const json body = Recommend(token, query);
    EXPECT_EQ(body["items"].size(), expected) << json(query).dump();
    for (const json& item : body["items"]) EXPECT_TRUE(ok(item["job"])) << item["job"].dump();
  };
  all_match({{"remote", "any"}}, 30, [](const json&) { return true; });
  all_match({{"remote", "remote"}}, 15, [](const json& j) { return j["remote"] == "remote"; });
  all_match({{"remote", "any"}, {"location", "Austin, US"}}, 15,
            [](const json& j) { return j["location"]["city"] == "Austin"; });
  all_match({{"remote", "any"}, {"location", "DE"}}, 15,
            [](const json& j) { return j["location"]["country"] == "DE"; });
  all_match({{"remote", "any"}, {"min_salary", "50000"}}, 15,
            [](const json& j) { return j["salary"]["max"].get<double>() >= 50000; });
  // Postings 0..2 of each group are at most 20 days old.
  all_match({{"remote", "any"}, {"posted_within_days", "25"}}, 9, [](const json&) { return true; });
  all_match({{"remote", "remote"}, {"posted_within_days", "25"}, {"min_salary", "50000"}}, 6,
            [](const json& j) { return j["remote"] == "remote"; });
}

TEST_F(RecommendationsTest, BadParametersNoProfileAndAuth) {
  LoadPostings();
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
  const std::string token = SignedIn("params@example.org");

  const api::Response no_profile = Call(token, "GET", "/api/v1/recommendations");
  EXPECT_EQ(no_profile.status, 409) << no_profile.body;
  EXPECT_NE(no_profile.body.find("no profile yet"), std::string::npos);

  PutKubernetesProfile(token);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"limit", "0"}, {"limit", "101"}, {"limit", "x"}, {"remote", "sometimes"},
           {"location", ""}, {"location", "Berlin, Germany"}, {"min_salary", "-1"},
           {"min_salary", "lots"}, {"posted_within_days", "0"}, {"posted_within_days", "x"},
           {"engine", "magic"}}) {
    const api::Response response = Call(token, "GET", "/api/v1/recommendations", {{name, value}});
    EXPECT_EQ(response.status, 400) << name << "=" << value << ": " << response.body;
    EXPECT_EQ(json::parse(response.body)["error"]["field"], name) << response.body;
  }
  EXPECT_EQ(Call(token, "GET", "/api/v1/recommendations", {{"engine", "llm"}}).status, 409);
  EXPECT_EQ(Call("not-a-token", "GET", "/api/v1/recommendations").status, 401);

  const json engines = json::parse(Call(token, "GET", "/api/v1/engines").body)["engines"];
  ASSERT_EQ(engines.size(), 3u);
  EXPECT_EQ(engines[1]["name"], "llm");
  EXPECT_EQ(engines[1]["available"], false);
  EXPECT_EQ(engines[1]["reason"], "Set JOBREC_LLM_PROVIDER, JOBREC_LLM_API_KEY and JOBREC_LLM_MODEL");
  EXPECT_EQ(engines[2]["name"], "hybrid");
  EXPECT_EQ(engines[2]["available"], false);
}

TEST_F(RecommendationsTest, UpsertRejectsUnregisteredVersionsAndBadVectors) {
  LoadPostings();
  store::PostingVectorRepo repo(db());
  const int64_t id = test_db().QueryInt("SELECT min(id) FROM postings");
  store::PostingVectorRow row{.posting_id = id, .content_hash = "h", .title = {0.5f, -1e-5f},
                              .description = {1.0f / 3, 2.0f}};
  EXPECT_EQ(repo.Upsert("ft-unknown", {row}).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(repo.RegisterModelVersion("ft-test", 2, json::object()).ok());
  ASSERT_TRUE(repo.RegisterModelVersion("ft-test", 2, json::object()).ok());  // idempotent
  store::PostingVectorRow bad = row;
  bad.description = {1.0f};
  EXPECT_EQ(repo.Upsert("ft-test", {bad}).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(repo.Upsert("ft-test", {row}).ok());
  ASSERT_TRUE(repo.Upsert("ft-test", {row}).ok());
  auto rows = repo.IndexRows("ft-test", 0, 10);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  // Floats survive the round trip exactly.
  EXPECT_EQ((*rows)[0].title, row.title);
  EXPECT_EQ((*rows)[0].description, row.description);
  EXPECT_EQ((*rows)[0].country, "DE");
  EXPECT_EQ((*rows)[0].remote, "remote");
  EXPECT_EQ(repo.IndexRows("ft-test", 0, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecommendationsTest, RefreshIndexesNewPostingsAndDropsExpiredOnes) {
  LoadPostings();
  EXPECT_EQ(fasttext_->Refresh().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
  const std::string token = SignedIn("refresh@example.org");
  PutKubernetesProfile(token);
  const std::multimap<std::string, std::string> lisbon = {{"remote", "any"}, {"location", "Lisbon, PT"}};
  EXPECT_EQ(Recommend(token, lisbon)["items"].size(), 0u);

  auto script = std::make_shared<ConnectorScript>();
  script->pages.resize(1);
  ingest::Posting p = MakePosting("other", "new", "Kubernetes Platform Engineer", "Newco", "Lisbon",
                                  "Kubernetes clusters and terraform in Lisbon.");
  p.location.country = "PT";
  script->pages[0].postings.push_back(p);
  ASSERT_TRUE(SyncFake(AddFakeSource("other"), script).ok());
  test_db().Exec("UPDATE postings SET status = 'expired' WHERE external_id = '0-0'");

  ASSERT_TRUE(fasttext_->Refresh().ok());
  const json body = Recommend(token, lisbon);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["job"]["external_id"], "new");
  const json all = Recommend(token, {{"remote", "any"}, {"limit", "100"}});
  EXPECT_EQ(all["items"].size(), 30u);  // 30 + the new one - the expired one
  for (const json& item : all["items"]) EXPECT_NE(item["job"]["external_id"], "0-0");
}

TEST_F(RecommendationsTest, EmbedPostingsTaskEmbedsWhatIsMissing) {
  LoadPostings();
  ASSERT_TRUE(fasttext_->WarmUp().ok()) << fasttext_->Status();
  const std::string version = fasttext_->Engine()->model_version();
  test_db().Exec("DELETE FROM posting_vectors WHERE posting_id IN "
                 "(SELECT id FROM postings WHERE external_id LIKE '2-%')");
  ASSERT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 20);

  tasks::TaskHandlerRegistry registry;
  ASSERT_TRUE(tasks::RegisterEmbedTaskHandlers(registry, db(), models_->path()).ok());
  const tasks::TaskHandler* handler = registry.Find(rank::kEmbedPostingsTaskKind);
  ASSERT_NE(handler, nullptr);
  const tasks::TaskContext context(1, rank::kEmbedPostingsTaskKind, 1, 3);
  ASSERT_TRUE((*handler)(context, {{"model_version", version}}).ok());
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 30);
  ASSERT_TRUE((*handler)(context, {{"model_version", version}}).ok());  // nothing left: no-op
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 30);

  for (const json& bad : {json::object(), json({{"model_version", 3}}), json({{"model_version", ""}}),
                          json({{"model_version", "../x"}}), json({{"model_version", "ft-missing"}}),
                          json::array()}) {
    EXPECT_EQ((*handler)(context, bad).code(), absl::StatusCode::kInvalidArgument) << bad.dump();
  }
  tasks::TaskContext stopped(2, rank::kEmbedPostingsTaskKind, 1, 3);
  stopped.RequestStop();
  EXPECT_EQ((*handler)(stopped, {{"model_version", version}}).code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace jobrec::testing
