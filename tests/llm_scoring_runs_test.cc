// LLM scoring runs end to end against a real PostgreSQL and the fake LLM server
// (llm/testing/fake_llm_server.h): the scoring-runs API queues a run, the llm.scoring_run
// handler works through it (BM25 candidates: no fastText model in these tests), and the
// scores, the run's progress and the daily spend land in PostgreSQL. Covers failures with
// reasons (malformed reply, HTTP 500), the cache (a second run makes no calls, a changed profile
// does), cancellation, the daily budget, the admin spend report and the engines llm/hybrid.
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/api/router.h"
#include "jobrec/api/scoring_run_routes.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"
#include "jobrec/rank/llm_ranking.h"
#include "jobrec/store/scoring_run_repo.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/scoring_run_task.h"
#include "tests/ingest_test_support.h"
#include "tests/support/fake_llm_test.h"
#include "tests/support/fasttext_test_options.h"
#include "tests/support/test_users.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

constexpr int64_t kInputTokens = 120;
constexpr int64_t kOutputTokens = 30;

// The fake provider: a score of 8 for every posting, except postings titled "Malformed …"
// (a reply that is not JSON, every time: the repair fails too), "Broken …" (HTTP 500) and
// "Weak …" (a score of 3).
llm::testing::FakeResponse ScoreReply(const llm::testing::RecordedRequest& request, std::chrono::milliseconds delay) {
  if (request.body.find("Malformed") != std::string::npos) {
    return {.body = llm::testing::OpenAiReply("this is not json {", kInputTokens, kOutputTokens), .delay = delay};
  }
  if (request.body.find("Broken") != std::string::npos) {
    return {.status = 500, .body = R"({"error":{"message":"boom"}})", .delay = delay};
  }
  if (request.body.find("Weak Data") != std::string::npos) {
    return {.body = llm::testing::OpenAiReply(llm::testing::GoodScoreJson(3).dump(), kInputTokens, kOutputTokens),
            .delay = delay};
  }
  return {.body = llm::testing::OpenAiReply(llm::testing::GoodScoreJson(8).dump(), kInputTokens, kOutputTokens),
          .delay = delay};
}

class ScoringRunsTest : public FakeLlmTest<IngestTest> {
 protected:
  void TearDown() override {
    router_.reset();
    fasttext_.reset();
    FakeLlmTest::TearDown();
  }
  llm::testing::FakeResponse Reply(const llm::testing::RecordedRequest& request, int) const override {
    return ScoreReply(request, delay_.load());
  }

  // Routes and the task handler over an LLM pointed at the fake server (or, with
  // `configured` false, no LLM).
  void Build(llm::LlmOptions options, double daily_budget_usd = 0, bool configured = true) {
    absl::StatusOr<llm::LlmRuntime> runtime = Runtime(options, configured);
    NewRouterAndRegistry();
    api::AddProfileRoutes(*router_, db());
    models_ = std::make_unique<embed::testing::ScratchDir>("llm-scoring-runs-test");
    fasttext_ = std::make_unique<rank::FastTextService>(db(), SmallFastTextOptions(models_->path()));
    api::AddRecommendationRoutes(
        *router_, {.db = db(),
                   .fasttext = *fasttext_,
                   .llm_status = runtime.status(),
                   .llm_model = runtime.ok() ? runtime->client->Model() : "",
                   .llm_prompt_version = runtime.ok() ? runtime->scorer->PromptVersion() : ""});
    api::AddScoringRunRoutes(*router_, {.db = db(), .queue = *queue_, .llm_status = runtime.status(),
                                        .default_limit = 50});
    ASSERT_TRUE(tasks::RegisterScoringRunTask(*registry_, db(), std::move(runtime),
                                              {.models_dir = models_->path(),
                                               .daily_budget_usd = daily_budget_usd,
                                               .cancel_poll = std::chrono::milliseconds(50)})
                    .ok());
  }
  llm::LlmOptions Options(int concurrency = 4) {
    llm::LlmOptions options = ServerOptions();
    options.max_concurrency = concurrency;
    return options;
  }

  // Data-engineering postings titled "<prefix> Data Engineer <i>".
  void LoadPostings(const std::vector<std::string>& prefixes) {
    std::vector<ingest::Posting> postings;
    for (size_t i = 0; i < prefixes.size(); ++i) {
      postings.push_back(MakePosting(
          "board", std::to_string(i), absl::StrCat(prefixes[i], " Data Engineer ", i), absl::StrCat("Company ", i),
          "Lyon", absl::StrCat("Build data pipelines in Python and SQL with Airflow. Team ", i, ".")));
    }
    ASSERT_TRUE(SyncFake(AddFakeSource("board"), OnePage(std::move(postings))).ok());
  }

  void PutProfile(const std::string& ideal_job = "Reliable data pipelines") {
    const api::Response put = Call("PUT", "/api/v1/profile", DataEngineerProfile(ideal_job));
    ASSERT_EQ(put.status, 200) << put.body;
  }

  int64_t StartRun(const json& body = {{"engine", "llm"}}) {
    const api::Response response = Call("POST", "/api/v1/scoring-runs", body);
    EXPECT_EQ(response.status, 202) << response.body;
    return json::parse(response.body).value("id", int64_t{0});
  }

  json GetRun(int64_t id) {
    const api::Response response = Call("GET", absl::StrCat("/api/v1/scoring-runs/", id));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  std::string ErrorField(const api::Response& response) {
    return json::parse(response.body)["error"].value("field", "");
  }

  std::atomic<std::chrono::milliseconds> delay_{std::chrono::milliseconds(0)};
  std::unique_ptr<embed::testing::ScratchDir> models_;
  std::unique_ptr<rank::FastTextService> fasttext_;
};

TEST_F(ScoringRunsTest, EveryPostingEndsScoredOrFailedWithAReason) {
  Build(Options());
  LoadPostings({"Senior", "Malformed", "Junior", "Broken", "Lead", "Staff"});
  PutProfile();
  const int64_t id = StartRun();
  ASSERT_TRUE(RunNextTask().ok());

  const json run = GetRun(id);
  EXPECT_EQ(run["state"], "done");
  EXPECT_EQ(run["total"], 6);
  EXPECT_EQ(run["done"], 4);
  EXPECT_EQ(run["failed"], 2);
  EXPECT_EQ(run["engine"], "llm");
  // Good postings: one call each; the malformed one: the call and its repair; the 500: its
  // attempts are HTTP errors that report no tokens.
  EXPECT_EQ(run["tokens"], (4 + 2) * (kInputTokens + kOutputTokens));
  EXPECT_EQ(test_db().QueryInt(absl::StrCat("SELECT count(*) FROM llm_scores WHERE user_id = ", user_,
                                            " AND score = 8 AND failure IS NULL AND justification <> ''")),
            4);
  const auto failures = test_db().QueryRows(
      "SELECT p.title, s.failure FROM llm_scores s JOIN postings p ON p.id = s.posting_id "
      "WHERE s.score IS NULL ORDER BY p.title");
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_NE(failures[0][0].find("Broken"), std::string::npos);
  EXPECT_FALSE(failures[0][1].empty());
  EXPECT_NE(failures[1][0].find("Malformed"), std::string::npos);
  EXPECT_FALSE(failures[1][1].empty());
  // The model and the prompt version are stored with every score.
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM llm_scores WHERE model = 'gpt-test' AND prompt_version = 'score-v1'"),
            6);
}

TEST_F(ScoringRunsTest, SameProfileVersionMakesNoCallsChangedProfileDoes) {
  Build(Options());
  LoadPostings({"Senior", "Junior", "Lead"});
  PutProfile();
  StartRun();
  ASSERT_TRUE(RunNextTask().ok());
  const int first_calls = server_->RequestCount();
  ASSERT_EQ(first_calls, 3);

  const int64_t again = StartRun();
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), first_calls) << "a second run for the same profile version called the LLM";
  const json run = GetRun(again);
  EXPECT_EQ(run["state"], "done");
  EXPECT_EQ(run["done"], 3);
  EXPECT_EQ(run["tokens"], 0);

  PutProfile("Streaming systems at scale");
  StartRun();
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), first_calls + 3);
  EXPECT_EQ(test_db().QueryInt("SELECT count(DISTINCT profile_version) FROM llm_scores"), 2);
}

TEST_F(ScoringRunsTest, ReviewedPostingsAreNotScoredAndCalibrateThePrompt) {
  Build(Options(1));
  LoadPostings({"Senior", "Junior", "Lead"});
  PutProfile();
  const int64_t reviewed = test_db().QueryInt("SELECT id FROM postings WHERE title LIKE 'Junior%'");
  test_db().Exec(absl::StrCat("INSERT INTO reviews (user_id, posting_id, score, comment) VALUES (", user_, ", ",
                              reviewed, ", 2, 'far too junior for me')"));
  const int64_t id = StartRun();
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(GetRun(id)["total"], 2);
  EXPECT_EQ(test_db().QueryInt(absl::StrCat("SELECT count(*) FROM llm_scores WHERE posting_id = ", reviewed)), 0);
  for (const auto& request : server_->Requests()) {
    EXPECT_NE(request.body.find("far too junior for me"), std::string::npos) << "no calibration example";
  }
}

TEST_F(ScoringRunsTest, CancelStopsTheRun) {
  delay_ = std::chrono::milliseconds(300);
  Build(Options(1));
  LoadPostings({"A", "B", "C", "D", "E", "F", "G", "H"});
  PutProfile();
  const int64_t id = StartRun();
  absl::Status handler_status;
  std::thread worker([&] { handler_status = RunNextTask(); });
  ASSERT_TRUE(server_->WaitForRequests(1, std::chrono::seconds(10)));
  const api::Response cancel = Call("DELETE", absl::StrCat("/api/v1/scoring-runs/", id));
  EXPECT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(json::parse(cancel.body)["state"], "cancelled");
  worker.join();
  EXPECT_TRUE(handler_status.ok()) << handler_status;
  const json run = GetRun(id);
  EXPECT_EQ(run["state"], "cancelled");
  EXPECT_LT(server_->RequestCount(), 8);
  EXPECT_LT(run["done"].get<int>(), 8);
  // Cancelling an ended run changes nothing.
  const api::Response again = Call("DELETE", absl::StrCat("/api/v1/scoring-runs/", id));
  EXPECT_EQ(json::parse(again.body)["state"], "cancelled");
}

TEST_F(ScoringRunsTest, StopsAtTheDailyBudgetAndRecordsTheSpend) {
  llm::LlmOptions options = Options(1);
  options.pricing = {.input_per_mtok = 1000, .output_per_mtok = 2000};  // $0.001 / $0.002 a token
  // A call is reserved at its estimate (prompt chars / 4 input tokens, 500 output tokens:
  // about $1.3) and costs 120 * 0.001 + 30 * 0.002 = $0.18: a $2 budget admits a few calls.
  Build(options, /*daily_budget_usd=*/2.0);
  LoadPostings({"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"});
  PutProfile();
  const int64_t id = StartRun();
  ASSERT_TRUE(RunNextTask().ok());

  const json run = GetRun(id);
  EXPECT_EQ(run["state"], "budget_exhausted");
  const int calls = server_->RequestCount();
  EXPECT_GE(calls, 1);
  EXPECT_LT(calls, 10);
  EXPECT_EQ(run["done"], calls);
  EXPECT_EQ(run["total"], 10);
  // What the test server reported, at the configured prices.
  const int64_t reported_in = calls * kInputTokens;
  const int64_t reported_out = calls * kOutputTokens;
  const double expected_usd = reported_in * 1000 / 1e6 + reported_out * 2000 / 1e6;
  EXPECT_NEAR(run["cost"].get<double>(), expected_usd, 1e-6);
  EXPECT_EQ(run["tokens"], reported_in + reported_out);
  const auto usage = test_db().QueryRows(absl::StrCat(
      "SELECT cost, tokens_in, tokens_out, calls FROM llm_usage WHERE user_id = ", user_, " AND day = llm_today()"));
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_NEAR(std::stod(usage[0][0]), expected_usd, 1e-6);
  EXPECT_LE(std::stod(usage[0][0]), 2.0);
  EXPECT_EQ(std::stoll(usage[0][1]), reported_in);
  EXPECT_EQ(std::stoll(usage[0][2]), reported_out);
  EXPECT_EQ(std::stoll(usage[0][3]), calls);

  // The budget is per day: the next run the same day stops before any call.
  const int64_t next = StartRun();
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(GetRun(next)["state"], "budget_exhausted");
  EXPECT_EQ(server_->RequestCount(), calls);

  // The admin report shows the spend; other users may not see it.
  EXPECT_EQ(Call("GET", "/api/v1/admin/llm").status, 403);
  const api::Response report = Call("GET", "/api/v1/admin/llm", nullptr, absl::StrCat(user_, " admin"));
  ASSERT_EQ(report.status, 200) << report.body;
  const json spend = json::parse(report.body);
  EXPECT_NEAR(spend["today"]["cost"].get<double>(), expected_usd, 1e-6);
  EXPECT_EQ(spend["today"]["tokens"], reported_in + reported_out);
  ASSERT_EQ(spend["by_user"].size(), 1u);
  EXPECT_EQ(spend["by_user"][0]["email"], "alice@example.com");
  ASSERT_EQ(spend["by_day"].size(), 1u);
  EXPECT_NEAR(spend["total"]["cost"].get<double>(), expected_usd, 1e-6);
}

TEST_F(ScoringRunsTest, BadRequestsNameTheField) {
  Build(Options());
  PutProfile();
  auto bad = [&](const json& body) { return Call("POST", "/api/v1/scoring-runs", body); };
  api::Response r = bad({{"engine", "gpt"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "engine");
  r = bad({{"limit", 5}});
  EXPECT_EQ(ErrorField(r), "engine");
  r = bad({{"engine", "llm"}, {"limit", 0}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "limit");
  r = bad({{"engine", "hybrid"}, {"limit", "ten"}});
  EXPECT_EQ(ErrorField(r), "limit");
  r = bad({{"engine", "hybrid"}, {"limit", 501}});
  EXPECT_EQ(ErrorField(r), "limit");
  r = bad({{"engine", "llm"}, {"colour", "red"}});
  EXPECT_EQ(ErrorField(r), "colour");
  EXPECT_EQ(queue_->Stats()->depth.size(), 0u) << "a bad request queued a task";

  EXPECT_EQ(Call("GET", "/api/v1/scoring-runs/abc").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/scoring-runs/999999").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/scoring-runs/999999").status, 404);

  // Another user's run does not exist for me.
  const int64_t id = StartRun();
  const int64_t bob = AddTestUser(test_db(), "bob@example.com");
  EXPECT_EQ(Call("GET", absl::StrCat("/api/v1/scoring-runs/", id), nullptr, std::to_string(bob)).status, 404);
  EXPECT_EQ(Call("DELETE", absl::StrCat("/api/v1/scoring-runs/", id), nullptr, std::to_string(bob)).status, 404);
  EXPECT_EQ(GetRun(id)["state"], "queued");
  // No profile yet: 409.
  EXPECT_EQ(Call("POST", "/api/v1/scoring-runs", {{"engine", "llm"}}, std::to_string(bob)).status, 409);
}

TEST_F(ScoringRunsTest, WithoutAnLlmTheApiNamesTheSettings) {
  Build(Options(), 0, /*configured=*/false);
  PutProfile();
  const api::Response r = Call("POST", "/api/v1/scoring-runs", {{"engine", "llm"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "llm_not_configured");
  EXPECT_NE(r.body.find("JOBREC_LLM_PROVIDER"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("JOBREC_LLM_MODEL"), std::string::npos) << r.body;

  // A run queued while an LLM was configured ends failed with the reason.
  test_db().Exec(absl::StrCat("INSERT INTO scoring_runs (user_id, engine, profile_version, requested_limit) "
                              "VALUES (", user_, ", 'llm', 1, 5)"));
  const int64_t id = test_db().QueryInt("SELECT max(id) FROM scoring_runs");
  ASSERT_TRUE(queue_->Enqueue({.kind = store::kScoringRunTaskKind, .payload = {{"run_id", id}}}).ok());
  ASSERT_TRUE(RunNextTask().ok());
  const json run = GetRun(id);
  EXPECT_EQ(run["state"], "failed");
  EXPECT_NE(run["error"].get<std::string>().find("JOBREC_LLM_PROVIDER"), std::string::npos);
}

TEST_F(ScoringRunsTest, LlmEngineOrdersByScoreAndReportsUnscoredPostings) {
  Build(Options());
  LoadPostings({"Weak", "Malformed", "Senior", "Broken", "Lead"});
  PutProfile();
  // Before any run: nothing scored, no fastText candidates yet (not warmed up).
  api::Response r = Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", "llm"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body)["items"].empty());
  StartRun();
  ASSERT_TRUE(RunNextTask().ok());

  r = Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", "llm"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 5u) << r.body;
  EXPECT_EQ(items[0]["score_10"], 8);
  EXPECT_EQ(items[1]["score_10"], 8);
  EXPECT_EQ(items[2]["score_10"], 3);
  EXPECT_NE(items[2]["job"]["title"].get<std::string>().find("Weak"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(items[i]["scored"].get<bool>());
    EXPECT_FALSE(items[i]["explanation"]["justification"].get<std::string>().empty());
    EXPECT_TRUE(items[i]["explanation"]["matched"].is_array());
    EXPECT_TRUE(items[i]["explanation"]["dealbreakers"].is_array());
  }
  for (int i = 3; i < 5; ++i) {  // the failed ones are reported, not dropped
    EXPECT_FALSE(items[i]["scored"].get<bool>());
    EXPECT_TRUE(items[i]["score"].is_null());
    EXPECT_FALSE(items[i]["explanation"]["failure"].get<std::string>().empty());
  }
  // Hybrid needs the fastText candidates.
  EXPECT_EQ(Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", "hybrid"}}).status, 503);
  const json engines = json::parse(Call("GET", "/api/v1/engines").body)["engines"];
  EXPECT_EQ(engines[1]["name"], "llm");
  EXPECT_TRUE(engines[1]["available"].get<bool>());
  EXPECT_FALSE(engines[2]["available"].get<bool>());
}

TEST_F(ScoringRunsTest, HybridBlendsRetrievalAndLlmScores) {
  Build(Options());
  LoadPostings({"Weak", "Senior", "Junior", "Lead", "Staff", "Principal"});
  ASSERT_TRUE(fasttext_->WarmUp().ok());
  PutProfile();
  StartRun({{"engine", "hybrid"}, {"limit", 3}});
  ASSERT_TRUE(RunNextTask().ok());
  ASSERT_EQ(server_->RequestCount(), 3);

  api::Response r = Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", "hybrid"}, {"limit", "6"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 6u) << r.body;
  int scored = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i]["scored"].get<bool>()) {
      EXPECT_TRUE(items[i]["score"].is_null());
      EXPECT_TRUE(items[i]["explanation"].is_null());
      continue;
    }
    EXPECT_EQ(i, static_cast<size_t>(scored)) << "a scored posting after an unscored one";
    ++scored;
    const bool weak = items[i]["job"]["title"].get<std::string>().starts_with("Weak");
    const double expected = rank::HybridBlend(items[i]["retrieval_score"].get<double>(), weak ? 3 : 8);
    EXPECT_NEAR(items[i]["score"].get<double>(), expected, 2e-3);
    if (i > 0 && items[i - 1]["scored"].get<bool>()) {
      EXPECT_GE(items[i - 1]["score"].get<double>(), items[i]["score"].get<double>());
    }
  }
  EXPECT_EQ(scored, 3);

  // The llm engine lists the same three scored postings first, then the other candidates.
  r = Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", "llm"}, {"limit", "6"}});
  ASSERT_EQ(r.status, 200) << r.body;
  items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 6u);
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i]["scored"].get<bool>(), i < 3) << i;
  const json engines = json::parse(Call("GET", "/api/v1/engines").body)["engines"];
  EXPECT_TRUE(engines[2]["available"].get<bool>());
}

TEST_F(ScoringRunsTest, EnginesWithoutAnLlmNameTheSettings) {
  Build(Options(), 0, /*configured=*/false);
  PutProfile();
  for (const char* engine : {"llm", "hybrid"}) {
    const api::Response r = Call("GET", "/api/v1/recommendations", nullptr, "", {{"engine", engine}});
    EXPECT_EQ(r.status, 409) << engine;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "llm_not_configured");
    EXPECT_NE(r.body.find("JOBREC_LLM_PROVIDER"), std::string::npos) << r.body;
  }
  const json engines = json::parse(Call("GET", "/api/v1/engines").body)["engines"];
  EXPECT_FALSE(engines[1]["available"].get<bool>());
  EXPECT_NE(engines[1]["reason"].get<std::string>().find("JOBREC_LLM_PROVIDER"), std::string::npos);
  EXPECT_FALSE(engines[2]["available"].get<bool>());
}

TEST_F(ScoringRunsTest, BadPayloadFailsTheTaskAtOnce) {
  Build(Options());
  const tasks::TaskHandler* handler = registry_->Find(store::kScoringRunTaskKind);
  ASSERT_NE(handler, nullptr);
  tasks::TaskContext context(1, store::kScoringRunTaskKind, 1, 5);
  EXPECT_TRUE(absl::IsInvalidArgument((*handler)(context, json::object())));
  EXPECT_TRUE(absl::IsInvalidArgument((*handler)(context, {{"run_id", "7"}})));
  EXPECT_TRUE(absl::IsInvalidArgument((*handler)(context, {{"run_id", 123456}})));
}

}  // namespace
}  // namespace jobrec::testing
