// What the LLM generates from a profile besides scores (issue #6 point 6), against a real
// PostgreSQL and the fake LLM server (llm/testing/fake_llm_server.h): PUT /api/v1/profile queues
// llm.ideal_postings when the LLM is configured and llm.ideal_postings is on, the task stores
// the postings once per profile version, the fastText path reads those of the current version
// only, and `jobrec sources keywords` (the binary) stores what_or / what_exclude on an Adzuna
// source.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/profile_routes.h"
#include "jobrec/api/router.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/embed/testing/small_model.h"
#include "jobrec/rank/ideal_postings.h"
#include "jobrec/store/ideal_postings_repo.h"
#include "jobrec/store/source_repo.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/ideal_postings_task.h"
#include "tests/support/child_process.h"
#include "tests/support/fake_llm_test.h"
#include "tests/support/test_database.h"
#include "tests/support/test_users.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

constexpr int kPostings = 2;

// Ideal postings or keywords, by the tool the request asks for; a distinct text per request so
// that a second generation would be visible.
llm::testing::FakeResponse IdealPostingsOrKeywords(const llm::testing::RecordedRequest& request, int index) {
  json reply;
  if (request.body.find("record_ideal_postings") != std::string::npos) {
    reply = {{"postings", {absl::StrCat("Data Engineer building Python and SQL pipelines, request ", index),
                           absl::StrCat("Analytics Engineer modelling data with dbt, request ", index)}}};
  } else if (request.body.find("record_search_keywords") != std::string::npos) {
    reply = {{"include", {"python", "airflow"}}, {"exclude", {"nurse", "intern"}}};
  } else {
    return {.status = 400, .body = R"({"error":{"message":"unexpected request"}})"};
  }
  return {.body = llm::testing::OpenAiReply(reply.dump(), 100, 40)};
}

class LlmGeneratedTest : public FakeLlmTest<DatabaseTest> {
 protected:
  llm::testing::FakeResponse Reply(const llm::testing::RecordedRequest& request, int index) const override {
    return IdealPostingsOrKeywords(request, index);
  }

  // As cli/application.cc wires it: the hook queues only with an LLM and the switch on.
  void Build(bool configured, bool ideal_postings_on) {
    llm::LlmOptions options = ServerOptions();
    options.ideal_postings = ideal_postings_on;
    options.pricing = {.input_per_mtok = 1.0, .output_per_mtok = 2.0};
    absl::StatusOr<llm::LlmRuntime> runtime = Runtime(options, configured);
    NewRouterAndRegistry();
    api::AddProfileRoutes(*router_, db(),
                          tasks::IdealPostingsEnqueuer(*queue_, runtime.ok() && options.ideal_postings));
    ASSERT_TRUE(tasks::RegisterIdealPostingsTask(*registry_, db(), std::move(runtime),
                                                 {.count = kPostings, .daily_budget_usd = 0})
                    .ok());
  }

  int PutProfile(int64_t user, const std::string& ideal_job = "Reliable data pipelines") {
    const api::Response response =
        Call("PUT", "/api/v1/profile", DataEngineerProfile(ideal_job), std::to_string(user));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).value("version", 0);
  }

  absl::Status RunHandler(const json& payload) {
    tasks::TaskContext context(1, store::kIdealPostingsTaskKind, 1, 5);
    return (*registry_->Find(store::kIdealPostingsTaskKind))(context, payload);
  }

  int64_t Rows() { return test_db().QueryInt("SELECT count(*) FROM ideal_postings"); }
};

TEST_F(LlmGeneratedTest, SavingAProfileStoresIdealPostingsOncePerProfileVersion) {
  Build(/*configured=*/true, /*ideal_postings_on=*/true);
  ASSERT_EQ(PutProfile(user_), 1);
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 1);
  const auto rows = test_db().QueryRows(
      "SELECT profile_version, model, prompt_version, jsonb_array_length(texts) FROM ideal_postings");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "gpt-test", "ideal-postings-v1", std::to_string(kPostings)}));
  // The profile went into the prompt.
  EXPECT_NE(server_->Requests()[0].body.find("Reliable data pipelines"), std::string::npos);

  // The same version again (a retried or duplicated task) makes no call and keeps the first texts.
  const std::string first = *test_db().QueryValue("SELECT texts::text FROM ideal_postings");
  ASSERT_TRUE(queue_->Enqueue(store::IdealPostingsTask(user_, 1)).ok());
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 1);
  EXPECT_EQ(*test_db().QueryValue("SELECT texts::text FROM ideal_postings"), first);

  // A new version gets its own.
  ASSERT_EQ(PutProfile(user_, "Streaming systems at scale"), 2);
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 2);
  EXPECT_EQ(Rows(), 2);
  EXPECT_TRUE(absl::IsNotFound(RunNextTask()));
  // The calls count toward the user's daily spend: 2 x (100 in at 1 USD + 40 out at 2 USD per Mtok).
  EXPECT_EQ(*test_db().QueryValue(absl::StrCat("SELECT round(cost * 1e6) FROM llm_usage WHERE user_id = ", user_)),
            "360");
  // ... with their tokens and calls, which the admin spend report shows.
  EXPECT_EQ(*test_db().QueryValue(absl::StrCat(
                "SELECT tokens_in || ' ' || tokens_out || ' ' || calls FROM llm_usage WHERE user_id = ", user_)),
            "200 80 2");
}

TEST_F(LlmGeneratedTest, TheRecommendationPathReadsOnlyTheCurrentVersionAndOnlyItsOwnRows) {
  Build(true, true);
  PutProfile(user_);
  ASSERT_TRUE(RunNextTask().ok());
  store::IdealPostingsRepo repo(db());
  auto current = repo.Current(user_);
  ASSERT_TRUE(current.ok()) << current.status();
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->profile_version, 1);
  EXPECT_EQ((*current)->texts.size(), static_cast<size_t>(kPostings));

  // Another user sees none of them (row-level security).
  const int64_t bob = AddTestUser(test_db(), "bob@example.com");
  auto bobs = repo.Current(bob);
  ASSERT_TRUE(bobs.ok()) << bobs.status();
  EXPECT_FALSE(bobs->has_value());

  // A saved new version with its task not run yet: nothing to fold in (not the stale version's).
  PutProfile(user_, "Something else entirely");
  current = repo.Current(user_);
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_FALSE(current->has_value());
}

TEST_F(LlmGeneratedTest, TheStoredPostingsOfTheCurrentVersionAreFoldedIntoTheQuery) {
  embed::testing::ScratchDir dir("llm-generated-test");
  auto model = embed::testing::TrainSmallModel(dir.path());
  ASSERT_TRUE(model.ok()) << model.status();
  auto embedder = embed::SentenceEmbedder::Create(std::move(*model));
  ASSERT_TRUE(embedder.ok()) << embedder.status();
  std::vector<float> base(static_cast<size_t>((*embedder)->Dimension()), 0.0f);
  base[0] = 1.0f;

  Build(true, true);
  PutProfile(user_);
  auto before = rank::FoldIdealPostings(db(), **embedder, user_, base, 0.3);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, base) << "nothing stored yet: the profile vector as it is";

  // Texts of words the small model knows, so their vectors are not zero.
  test_db().Exec(absl::StrCat("INSERT INTO ideal_postings (user_id, profile_version, model, prompt_version, texts) "
                              "VALUES (", user_, ", 1, 'm', 'p', '[\"engineer data python sql pipelines team build\"]')"));
  auto folded = rank::FoldIdealPostings(db(), **embedder, user_, base, 0.3);
  ASSERT_TRUE(folded.ok()) << folded.status();
  const auto expected = rank::BlendIdealPostings(
      base, rank::IdealPostingVectors(**embedder, {"engineer data python sql pipelines team build"}), 0.3);
  EXPECT_EQ(*folded, expected);
  ASSERT_NE(expected, base) << "the small model knows none of the words: pick others";

  // Weight 0 (llm.ideal_postings off) and another user: unchanged.
  EXPECT_EQ(*rank::FoldIdealPostings(db(), **embedder, user_, base, 0.0), base);
  EXPECT_EQ(*rank::FoldIdealPostings(db(), **embedder, AddTestUser(test_db(), "bob@example.com"), base, 0.3), base);
}

TEST_F(LlmGeneratedTest, SwitchedOffNothingIsQueuedOrStored) {
  Build(/*configured=*/true, /*ideal_postings_on=*/false);
  ASSERT_EQ(PutProfile(user_), 1);
  EXPECT_TRUE(absl::IsNotFound(RunNextTask()));
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(server_->RequestCount(), 0);
}

TEST_F(LlmGeneratedTest, WithoutAnLlmNothingIsQueuedAndProfilesStillSave) {
  Build(/*configured=*/false, /*ideal_postings_on=*/true);
  ASSERT_EQ(PutProfile(user_), 1);
  ASSERT_EQ(PutProfile(user_), 2);
  EXPECT_TRUE(absl::IsNotFound(RunNextTask()));
  EXPECT_EQ(Rows(), 0);
  // A task that reaches a worker without an LLM fails saying so.
  const absl::Status st = RunHandler({{"user_id", user_}, {"profile_version", 1}});
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_NE(st.message().find("JOBREC_LLM_PROVIDER"), std::string::npos) << st;
}

TEST_F(LlmGeneratedTest, BadPayloadsAndVanishedVersionsMakeNoCalls) {
  Build(true, true);
  for (const json& payload : {json(nullptr), json::object(), json{{"user_id", user_}},
                              json{{"user_id", "1"}, {"profile_version", 1}},
                              json{{"user_id", user_}, {"profile_version", 0}}}) {
    EXPECT_TRUE(absl::IsInvalidArgument(RunHandler(payload))) << payload.dump();
  }
  // A version that does not exist (the account was deleted meanwhile): nothing to do.
  EXPECT_TRUE(RunHandler({{"user_id", user_}, {"profile_version", 7}}).ok());
  EXPECT_EQ(server_->RequestCount(), 0);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(LlmGeneratedTest, ProviderErrorsAreReturnedForRetryAndStoreNothing) {
  Build(true, true);
  server_.reset();  // the provider is down
  ASSERT_EQ(PutProfile(user_), 1);
  EXPECT_FALSE(RunNextTask().ok());
  EXPECT_EQ(Rows(), 0);
}

class SourcesKeywordsTest : public LlmGeneratedTest {
 protected:
  std::vector<std::string> Env(bool with_llm = true) {
    std::vector<std::string> env = {"JOBREC_DATABASE_URL=" + test_db().url(), "JOBREC_STATE_DIR=/nonexistent/never-used"};
    if (with_llm) {
      env.push_back("JOBREC_LLM_PROVIDER=openai");
      env.push_back("JOBREC_LLM_BASE_URL=" + server_->BaseUrl());
      env.push_back("JOBREC_LLM_MODEL=gpt-test");
    }
    return env;
  }
  int64_t AddSource(const std::string& name, const std::string& kind, const json& params) {
    auto upserted = store::SourceRepo(db()).Upsert({.name = name, .kind = kind, .params = params});
    EXPECT_TRUE(upserted.ok()) << upserted.status();
    return upserted.ok() ? upserted->first : 0;
  }
  json Params(int64_t id) { return json::parse(*test_db().QueryValue(absl::StrCat("SELECT params::text FROM sources WHERE id = ", id))); }
};

TEST_F(SourcesKeywordsTest, PrintsKeywordsAndStoresThemOnAnAdzunaSource) {
  Build(true, true);
  PutProfile(user_);
  const int64_t id = AddSource("adzuna-gb", "adzuna", {{"country", "gb"}, {"what", "engineer"}});

  const RunResult printed = RunJobrec({"sources", "keywords", "--email", "alice@example.com"}, Env());
  ASSERT_EQ(printed.exit_code, 0) << printed.output;
  EXPECT_NE(printed.output.find("include: python airflow"), std::string::npos) << printed.output;
  EXPECT_NE(printed.output.find("exclude: nurse intern"), std::string::npos) << printed.output;
  EXPECT_FALSE(Params(id).contains("what_or")) << "stored without --source";

  const RunResult stored =
      RunJobrec({"sources", "keywords", "--email", "Alice@Example.com", "--source", "adzuna-gb"}, Env());
  ASSERT_EQ(stored.exit_code, 0) << stored.output;
  const json params = Params(id);
  EXPECT_EQ(params.value("what_or", ""), "python airflow");
  EXPECT_EQ(params.value("what_exclude", ""), "nurse intern");
  EXPECT_EQ(params.value("what", ""), "engineer") << "other parameters are kept";
  EXPECT_EQ(params.value("country", ""), "gb");
  EXPECT_EQ(server_->RequestCount(), 2);
}

TEST_F(SourcesKeywordsTest, WrongUsageFailsBeforeAnyCall) {
  Build(true, true);
  PutProfile(user_);
  const int64_t greenhouse = AddSource("acme", "greenhouse", {{"board_token", "acme"}});

  const RunResult other_kind =
      RunJobrec({"sources", "keywords", "--email", "alice@example.com", "--source", "acme"}, Env());
  EXPECT_EQ(other_kind.exit_code, 2) << other_kind.output;
  EXPECT_NE(other_kind.output.find("only adzuna sources"), std::string::npos) << other_kind.output;
  EXPECT_FALSE(Params(greenhouse).contains("what_or"));

  const RunResult unknown_source =
      RunJobrec({"sources", "keywords", "--email", "alice@example.com", "--source", "nope"}, Env());
  EXPECT_EQ(unknown_source.exit_code, 1) << unknown_source.output;

  const RunResult unknown_email = RunJobrec({"sources", "keywords", "--email", "nobody@example.com"}, Env());
  EXPECT_EQ(unknown_email.exit_code, 1) << unknown_email.output;
  EXPECT_NE(unknown_email.output.find("no account"), std::string::npos) << unknown_email.output;

  AddTestUser(test_db(), "noprofile@example.com");
  const RunResult no_profile = RunJobrec({"sources", "keywords", "--email", "noprofile@example.com"}, Env());
  EXPECT_EQ(no_profile.exit_code, 1) << no_profile.output;
  EXPECT_NE(no_profile.output.find("no profile"), std::string::npos) << no_profile.output;

  const RunResult bad_email = RunJobrec({"sources", "keywords", "--email", "not-an-email"}, Env());
  EXPECT_EQ(bad_email.exit_code, 2) << bad_email.output;

  const RunResult no_llm = RunJobrec({"sources", "keywords", "--email", "alice@example.com"}, Env(false));
  EXPECT_EQ(no_llm.exit_code, 1) << no_llm.output;
  EXPECT_NE(no_llm.output.find("JOBREC_LLM_PROVIDER"), std::string::npos) << no_llm.output;

  EXPECT_EQ(server_->RequestCount(), 0);
}

}  // namespace
}  // namespace jobrec::testing
