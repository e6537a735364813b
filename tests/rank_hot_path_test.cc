// The recommendation hot path's reuse against a real PostgreSQL (rank/learned_profile.h):
// the engine's cache of the ideal postings' vectors returns the same ranking as embedding them
// again, and a new profile version (or new postings) is not served from a stale entry; the
// hybrid engine's learned order over the ranker features the fastText path made equals the
// order over features read and made again (the route's code before); `jobrec recommend`
// and a scoring run's candidates fold the ideal postings in by the configured
// llm.ideal_postings_weight, as the API does.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/index/posting_filter.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/ranker_training.h"
#include "jobrec/rank/recommendation_filter.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/store/ideal_postings_repo.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/scoring_run_repo.h"
#include "jobrec/tasks/scoring_run_task.h"
#include "jobrec/tasks/task_context.h"
#include "tests/feedback_test_support.h"
#include "tests/support/child_process.h"

namespace jobrec::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kEmail[] = "hot@example.org";
// Ideal postings of another kind of job than the Kubernetes profile: folded in, they move the
// pastry postings up.
const std::vector<std::string> kPastryPostings = {
    "Pastry Chef: pastry croissants bakery dough ovens desserts chocolate kitchen",
    "Pastry Chef wanted for croissants, desserts and chocolate in our bakery kitchen"};
const std::vector<std::string> kNursePostings = {
    "Registered Nurse: patients ward nursing care hospital medication clinical shifts"};

class RankHotPathTest : public FeedbackApiTest {
 protected:
  void SetUp() override {
    FeedbackApiTest::SetUp();
    LoadPostingsAndWarmUp();
    token_ = SignedIn(kEmail);
    PutKubernetesProfile(token_);
    user_ = test_db().QueryInt(absl::StrCat("SELECT id FROM users WHERE email = '", kEmail, "'"));
    engine_ = fasttext().Engine();
    ASSERT_NE(engine_, nullptr);
    // The same model and index with a cache that keeps nothing: every call embeds again.
    uncached_ = std::make_unique<rank::FastTextEngine>(
        std::shared_ptr<const embed::SentenceEmbedder>(engine_, &engine_->embedder()), engine_->model_version(),
        std::shared_ptr<index::IndexHolder>(engine_, &engine_->index()), std::make_shared<const rank::TermStats>(),
        0);
  }

  int ProfileVersion() {
    return static_cast<int>(test_db().QueryInt(absl::StrCat("SELECT version FROM profiles WHERE user_id = ", user_)));
  }
  void StoreIdealPostings(const std::vector<std::string>& texts) {
    auto stored = store::IdealPostingsRepo(db()).Insert(
        {.user_id = user_, .profile_version = ProfileVersion(), .model = "m", .prompt_version = "p", .texts = texts});
    ASSERT_TRUE(stored.ok()) << stored.status();
    ASSERT_TRUE(*stored);
  }
  profile::Profile CurrentProfile() {
    auto stored = store::ProfileRepo(db()).Get(user_);
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return *profile::ProfileFromJson((*stored)->data);
  }
  std::vector<index::SearchHit> Recommend(const rank::FastTextEngine& engine, double weight = 0.5,
                                          size_t limit = 30) {
    const profile::Profile profile = CurrentProfile();
    index::SearchFilter filter;  // any work mode
    auto hits = rank::RecommendForUser(db(), engine, user_, profile, filter, limit, weight);
    EXPECT_TRUE(hits.ok()) << hits.status();
    return hits.ok() ? *hits : std::vector<index::SearchHit>{};
  }
  static void ExpectSame(const std::vector<index::SearchHit>& a, const std::vector<index::SearchHit>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].posting_id, b[i].posting_id) << "rank " << i;
      EXPECT_EQ(a[i].score, b[i].score) << "rank " << i;
    }
  }
  static bool Same(const std::vector<index::SearchHit>& a, const std::vector<index::SearchHit>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].posting_id != b[i].posting_id || a[i].score != b[i].score) return false;
    }
    return true;
  }

  std::string token_;
  int64_t user_ = 0;
  std::shared_ptr<const rank::FastTextEngine> engine_;
  std::unique_ptr<rank::FastTextEngine> uncached_;
};

TEST_F(RankHotPathTest, TheCachedPathRanksAsTheUncachedOne) {
  const auto without = Recommend(*engine_, 0.0);
  StoreIdealPostings(kPastryPostings);
  const auto uncached = Recommend(*uncached_);
  ASSERT_FALSE(Same(uncached, without)) << "the ideal postings change nothing: the test would prove nothing";

  const auto first = Recommend(*engine_);  // a miss: embeds and keeps
  EXPECT_EQ(engine_->ideal_postings_cache().size(), 1u);
  const size_t hits_before = engine_->ideal_postings_cache().hits();
  const auto second = Recommend(*engine_);  // a hit
  EXPECT_EQ(engine_->ideal_postings_cache().hits(), hits_before + 1);
  ExpectSame(first, uncached);
  ExpectSame(second, uncached);
  EXPECT_EQ(uncached_->ideal_postings_cache().size(), 0u) << "capacity 0 keeps nothing";
}

TEST_F(RankHotPathTest, ANewProfileVersionIsNotServedFromAStaleEntry) {
  StoreIdealPostings(kPastryPostings);
  const auto version1 = Recommend(*engine_);
  ExpectSame(version1, Recommend(*uncached_));

  // A new profile version (the same profile saved again): its postings are not generated yet,
  // so nothing is folded in, whatever the cache holds for version 1.
  PutKubernetesProfile(token_);
  const auto unfolded = Recommend(*engine_);
  ExpectSame(unfolded, Recommend(*engine_, 0.0));
  EXPECT_FALSE(Same(unfolded, version1));

  // Its postings arrive: the cached path folds in these, not version 1's.
  StoreIdealPostings(kNursePostings);
  const auto version2 = Recommend(*engine_);
  ExpectSame(version2, Recommend(*uncached_));
  EXPECT_FALSE(Same(version2, version1));
  EXPECT_EQ(engine_->ideal_postings_cache().size(), 1u) << "one entry per user";
}

TEST_F(RankHotPathTest, TheHybridOrderOverTheReadInputsEqualsTheOrderOverInputsReadAgain) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(PutReview(token_, absl::StrCat("0-", i), {{"score", 9}}).status, 200);
    ASSERT_EQ(PutReview(token_, absl::StrCat("2-", i), {{"score", 2}}).status, 200);
  }
  auto trained = rank::TrainAndStoreRankers(db(), engine_->embedder(), engine_->model_version());
  ASSERT_TRUE(trained.ok()) << trained.status();
  ASSERT_TRUE(trained->stored);
  const profile::Profile profile = CurrentProfile();
  // LLM scores of a few postings, as the server's model and prompt version.
  for (const char* id : {"0-6", "1-3", "2-7"}) {
    ASSERT_TRUE(store::LlmScoreRepo(db())
                    .Upsert({.user_id = user_, .posting_id = PostingId(id), .profile_version = ProfileVersion(),
                             .model = "llm", .prompt_version = "p1"},
                            {.score = 8, .justification = "test"}, {})
                    .ok());
  }
  auto scores = store::LlmScoreRepo(db()).ForProfile(user_, ProfileVersion(), "llm", "p1");
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->size(), 3u);

  auto found = rank::UserRecommendationsFor(db(), *engine_, user_, profile, {}, 15, 0.3);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->ranker.has_value());
  ASSERT_NE(found->ranker_candidates, nullptr);
  ASSERT_EQ(found->hits.size(), 15u);
  const auto once = rank::LearnedHybridOrder(*found->ranker_candidates, *found->ranker, *scores, found->hits, 30);

  // The route before: the candidates, the ranker and its inputs read again.
  auto hits = rank::RecommendForUser(db(), *uncached_, user_, profile, {}, 15, 0.3);
  ASSERT_TRUE(hits.ok()) << hits.status();
  auto model = rank::RankerModelFor(db(), user_, engine_->model_version());
  ASSERT_TRUE(model.ok() && model->has_value());
  auto inputs = rank::LoadHitsRankerInputs(db(), engine_->model_version(), user_, *hits);
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  const rank::RankerCandidates again(std::make_shared<const rank::RankerInputs>(*std::move(inputs)), profile,
                                     rank::ProfileVector(engine_->embedder(), profile));
  const auto twice = rank::LearnedHybridOrder(again, **model, *scores, *hits, 30);

  ASSERT_EQ(once.size(), twice.size());
  ASSERT_EQ(once.size(), 15u);
  int scored = 0;
  for (size_t i = 0; i < once.size(); ++i) {
    EXPECT_EQ(once[i].posting_id, twice[i].posting_id) << "rank " << i;
    ASSERT_TRUE(once[i].score && twice[i].score);
    // The freshness feature counts from the current second: calls a second apart may differ
    // in the last digits.
    EXPECT_NEAR(*once[i].score, *twice[i].score, 1e-6) << "rank " << i;
    scored += once[i].scored ? 1 : 0;
  }
  EXPECT_GT(scored, 0) << "an LLM score among the candidates";
}

TEST_F(RankHotPathTest, RecommendCommandFoldsTheIdealPostingsInByTheConfiguredWeight) {
  StoreIdealPostings(kPastryPostings);
  // `jobrec recommend` looks for models under <state_dir>/models.
  const std::filesystem::path state = std::filesystem::path(models_dir()).parent_path() /
                                      absl::StrCat("rank-hot-path-state-", user_);
  std::filesystem::create_directories(state);
  std::filesystem::create_directory_symlink(models_dir(), state / "models");
  auto first_title = [&](std::vector<std::string> env) {
    env.insert(env.end(), {"JOBREC_DATABASE_URL=" + test_db().url(), "JOBREC_STATE_DIR=" + state.string(),
                           "JOBREC_LOG_LEVEL=warn"});
    const RunResult result = RunJobrec({"recommend", "--email", kEmail, "--limit", "1", "--remote", "any"}, env);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return result.output;
  };
  // An LLM configured (a local OpenAI-compatible server needs no key; nothing is called).
  const std::vector<std::string> llm = {"JOBREC_LLM_PROVIDER=openai", "JOBREC_LLM_BASE_URL=http://127.0.0.1:9/v1",
                                        "JOBREC_LLM_MODEL=test-model"};
  std::vector<std::string> all_in = llm;
  all_in.push_back("JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=1");
  std::vector<std::string> none = llm;
  none.push_back("JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=0");
  std::vector<std::string> switched_off = all_in;
  switched_off.push_back("JOBREC_LLM_IDEAL_POSTINGS=false");

  EXPECT_THAT(first_title(all_in), HasSubstr("Pastry Chef")) << "weight 1: the ideal postings' direction";
  EXPECT_THAT(first_title(none), HasSubstr("Kubernetes")) << "weight 0: the profile alone";
  EXPECT_THAT(first_title(switched_off), HasSubstr("Kubernetes")) << "llm.ideal_postings off: not folded in";
  EXPECT_THAT(first_title({"JOBREC_LLM_IDEAL_POSTINGS_WEIGHT=1"}), HasSubstr("Kubernetes"))
      << "no LLM configured: not folded in, as the API";
  std::filesystem::remove_all(state);
}

// The scoring run's candidates (tasks/scoring_run_task.h) with the weight the worker is given
// (cli/application.cc: llm.ideal_postings_weight): the one candidate of a run of limit 1 is the
// fastText engine's best for the folded query.
TEST_F(RankHotPathTest, AScoringRunsCandidatesFoldTheIdealPostingsInByItsWeight) {
  StoreIdealPostings(kPastryPostings);
  auto server = llm::testing::FakeLlmServer::Start([](const llm::testing::RecordedRequest&, int) {
    return llm::testing::FakeResponse{.body = llm::testing::OpenAiReply(llm::testing::GoodScoreJson(7).dump(), 10, 10)};
  });
  ASSERT_TRUE(server.ok()) << server.status();
  auto scored_title = [&](double weight) -> std::string {
    tasks::TaskHandlerRegistry registry;
    EXPECT_TRUE(tasks::RegisterScoringRunTask(
                    registry, db(),
                    llm::NewLlmRuntime(llm::testing::TestOptions("openai", (*server)->BaseUrl()),
                                       llm::testing::FastHttpClient(2)),
                    {.models_dir = models_dir(), .daily_budget_usd = 0, .ideal_postings_weight = weight})
                    .ok());
    auto run = store::ScoringRunRepo(db()).Create(user_, "llm", 1);
    EXPECT_TRUE(run.ok()) << run.status();
    if (!run.ok()) return "";
    const tasks::TaskContext context(1, store::kScoringRunTaskKind, 1, 1);
    const absl::Status status = (*registry.Find(store::kScoringRunTaskKind))(context, {{"run_id", *run}});
    EXPECT_TRUE(status.ok()) << status;
    return test_db()
        .QueryValue(absl::StrCat(
            "SELECT p.title FROM llm_scores s JOIN postings p ON p.id = s.posting_id WHERE s.run_id = ", *run))
        .value_or("");
  };
  EXPECT_THAT(scored_title(1.0), HasSubstr("Pastry Chef")) << "weight 1: the ideal postings' direction";
  EXPECT_THAT(scored_title(0.0), HasSubstr("Kubernetes")) << "weight 0: the profile alone";
  EXPECT_EQ((*server)->RequestCount(), 2);
}

}  // namespace
}  // namespace jobrec::testing
