// The fastText engine end to end against a real PostgreSQL: postings synced in, a tiny model
// trained on them, postings embedded into posting_vectors, the index built, and
// recommendations for a real signed-in user (bearer session) through the router: relevance,
// filters, explanations, parameter errors, the no-profile and warming-up answers.
#include <set>

#include <gtest/gtest.h>

#include "jobrec/rank/embed_postings.h"
#include "jobrec/store/posting_vector_repo.h"
#include "jobrec/tasks/embed_postings_task.h"
#include "tests/feedback_test_support.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

// The shared fixture (feedback_test_support.h); these tests load the postings with salaries and
// warm the engine up themselves, some after looking at it cold.
class RecommendationsTest : public FeedbackApiTest {
 protected:
  json Recommend(const std::string& token, std::multimap<std::string, std::string> query = {}) {
    const api::Response response = Call(token, "GET", "/api/v1/recommendations", std::move(query));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }
};

TEST_F(RecommendationsTest, WarmsUpEmbedsIdempotentlyAndRecommendsRelevantPostingsFirst) {
  LoadPostings(/*with_salaries=*/true);
  const std::string token = KubernetesUser("kube@example.org");

  // Before the warm-up: 503 and the engine listed as unavailable.
  EXPECT_EQ(Call(token, "GET", "/api/v1/recommendations").status, 503);
  EXPECT_EQ(json::parse(Call(token, "GET", "/api/v1/engines").body)["engines"][0]["available"], false);

  ASSERT_TRUE(fasttext().WarmUp().ok()) << fasttext().Status();
  EXPECT_EQ(fasttext().Status(), "ready");
  const std::string version = fasttext().Engine()->model_version();
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM model_versions"), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 30);
  EXPECT_EQ(test_db().QueryInt("SELECT min(cardinality(title_vector)) FROM posting_vectors"), 16);
  // Embedding again finds nothing to do; a changed posting is embedded again.
  auto again = rank::EmbedPendingPostings(db(), fasttext().Engine()->embedder(), version);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  test_db().Exec("UPDATE postings SET content_hash = repeat('0', 64) WHERE external_id = '1-3'");
  again = rank::EmbedPendingPostings(db(), fasttext().Engine()->embedder(), version);
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
  LoadPostings(/*with_salaries=*/true);
  ASSERT_TRUE(fasttext().WarmUp().ok()) << fasttext().Status();
  const std::string token = KubernetesUser("filters@example.org");

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
  LoadPostings(/*with_salaries=*/true);
  ASSERT_TRUE(fasttext().WarmUp().ok()) << fasttext().Status();
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
  LoadPostings(/*with_salaries=*/true);
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
  LoadPostings(/*with_salaries=*/true);
  EXPECT_EQ(fasttext().Refresh().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(fasttext().WarmUp().ok()) << fasttext().Status();
  const std::string token = KubernetesUser("refresh@example.org");
  const std::multimap<std::string, std::string> lisbon = {{"remote", "any"}, {"location", "Lisbon, PT"}};
  EXPECT_EQ(Recommend(token, lisbon)["items"].size(), 0u);

  ingest::Posting p = MakePosting("other", "new", "Kubernetes Platform Engineer", "Newco", "Lisbon",
                                  "Kubernetes clusters and terraform in Lisbon.");
  p.location.country = "PT";
  ASSERT_TRUE(SyncFake(AddFakeSource("other"), OnePage({p})).ok());
  test_db().Exec("UPDATE postings SET status = 'expired' WHERE external_id = '0-0'");

  ASSERT_TRUE(fasttext().Refresh().ok());
  const json body = Recommend(token, lisbon);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["job"]["external_id"], "new");
  const json all = Recommend(token, {{"remote", "any"}, {"limit", "100"}});
  EXPECT_EQ(all["items"].size(), 30u);  // 30 + the new one - the expired one
  for (const json& item : all["items"]) EXPECT_NE(item["job"]["external_id"], "0-0");
}

TEST_F(RecommendationsTest, EmbedPostingsTaskEmbedsWhatIsMissing) {
  LoadPostings(/*with_salaries=*/true);
  ASSERT_TRUE(fasttext().WarmUp().ok()) << fasttext().Status();
  const std::string version = fasttext().Engine()->model_version();
  test_db().Exec("DELETE FROM posting_vectors WHERE posting_id IN "
                 "(SELECT id FROM postings WHERE external_id LIKE '2-%')");
  ASSERT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 20);

  tasks::TaskHandlerRegistry registry;
  ASSERT_TRUE(tasks::RegisterEmbedTaskHandlers(registry, db(), models_dir()).ok());
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
