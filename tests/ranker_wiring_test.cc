// The learned ranker on the server (issue #7 point 3) against a real PostgreSQL: the task
// feedback.train_ranker stores a global and a per-user model once there are enough ratings,
// the recommendations are then re-ranked by them (a kind of posting the user rated high moves
// up), the insights show the weights, and without a model the order stays as it was. The
// hybrid engine: ordered by the ranker once one is trained (with the LLM score as a feature),
// by the fixed blend before.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/review_routes.h"
#include "jobrec/api/recommendation_routes.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/llm_ranking.h"
#include "jobrec/rank/profile_vector.h"
#include "jobrec/rank/ranker_signals.h"
#include "jobrec/store/llm_score_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/review_repo.h"
#include "jobrec/store/ranker_model_repo.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/ranker_train_task.h"
#include "jobrec/tasks/task_handler_registry.h"
#include "tests/feedback_test_support.h"
#include "tests/support/api_requests.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

class RankerWiringTest : public FeedbackApiTest {
 protected:
  // Runs the real handler of feedback.train_ranker with `payload`.
  absl::Status RunTraining(const json& payload) {
    tasks::TaskHandlerRegistry registry;
    const absl::Status registered = tasks::RegisterRankerTrainTask(registry, db(), models_dir());
    if (!registered.ok()) return registered;
    const tasks::TaskContext context(1, tasks::kRankerTrainTaskKind, 1, 1);
    return (*registry.Find(tasks::kRankerTrainTaskKind))(context, payload);
  }
  absl::Status RunTraining() { return RunTraining({{"model_version", fasttext().Engine()->model_version()}}); }

  // Mean position of the group's postings among `ids` (only those listed count).
  static double MeanRank(const std::vector<std::string>& ids, const std::vector<std::string>& group) {
    double sum = 0;
    int n = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (std::find(group.begin(), group.end(), ids[i]) != group.end()) {
        sum += static_cast<double>(i);
        ++n;
      }
    }
    return n ? sum / n : -1;
  }

  json Insights(const std::string& token) {
    const api::Response response = Call(token, "GET", "/api/v1/feedback/insights");
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  static constexpr char kLlmModel[] = "test-model";
  static constexpr char kPromptVersion[] = "p1";

  int64_t UserId(const std::string& email) {
    return test_db().QueryInt("SELECT id FROM users WHERE email = '" + email + "'");
  }
  int ProfileVersion(int64_t user_id) {
    return static_cast<int>(test_db().QueryInt(absl::StrCat("SELECT version FROM profiles WHERE user_id = ", user_id)));
  }
  // Stores an LLM score (or, with `score` nullopt, a failed scoring) of the posting for the
  // user's current profile version unless `profile_version` is given.
  void StoreLlmScore(int64_t user_id, const std::string& external_id, std::optional<int> score,
                     const std::string& model = kLlmModel, std::optional<int> profile_version = std::nullopt) {
    const store::LlmScoreKey key{.user_id = user_id,
                                 .posting_id = PostingId(external_id),
                                 .profile_version = profile_version.value_or(ProfileVersion(user_id)),
                                 .model = model,
                                 .prompt_version = kPromptVersion};
    store::LlmScoreRow row{.score = score, .justification = "test"};
    if (!score) row.failure = "timeout";
    ASSERT_TRUE(store::LlmScoreRepo(db()).Upsert(key, row, {}).ok());
  }

  // GET /api/v1/recommendations?engine=hybrid (remote=any, limit=100) through routes wired with
  // an LLM configured as kLlmModel / kPromptVersion: the items.
  json Hybrid(const std::string& token) {
    if (!hybrid_router_) {
      hybrid_auth_ = std::make_unique<auth::AuthService>(db(), auth::AuthOptions{}, auth::NewMailer({}));
      hybrid_router_ = std::make_unique<api::Router>(api::SessionGuards(*hybrid_auth_));
      api::AddRecommendationRoutes(*hybrid_router_, {.db = db(),
                                                     .fasttext = fasttext(),
                                                     .llm_status = absl::OkStatus(),
                                                     .llm_model = kLlmModel,
                                                     .llm_prompt_version = kPromptVersion});
    }
    api::Request request = BearerRequest(token, "GET", "/api/v1/recommendations",
                                         {{"engine", "hybrid"}, {"remote", "any"}, {"limit", "100"}});
    const api::Response response = hybrid_router_->Dispatch(request);
    EXPECT_EQ(response.status, 200) << response.body;
    if (response.status != 200) return json::array();
    return json::parse(response.body)["items"];
  }
  static std::vector<std::string> Ids(const json& items) {
    std::vector<std::string> ids;
    for (const json& item : items) ids.push_back(item["job"]["external_id"]);
    return ids;
  }
  // Checks that `items` are in the fixed blend's order (rank/llm_ranking.h: HybridOrder): the
  // LLM-scored ones first, by HybridBlend of their retrieval and LLM scores (`llm` by external
  // id), then the unscored ones.
  static void ExpectFixedBlend(const json& items, const std::map<std::string, int>& llm) {
    bool unscored_seen = false;
    double previous = 2;
    for (const json& item : items) {
      const std::string id = item["job"]["external_id"];
      const auto it = llm.find(id);
      ASSERT_EQ(item["scored"].get<bool>(), it != llm.end()) << id;
      if (it == llm.end()) {
        unscored_seen = true;
        continue;
      }
      EXPECT_FALSE(unscored_seen) << id << ": a scored posting after an unscored one";
      const double score = item["score"].get<double>();
      EXPECT_NEAR(score, rank::HybridBlend(item["retrieval_score"].get<double>(), it->second), 0.002) << id;
      EXPECT_LE(score, previous + 1e-9) << id;
      previous = score;
    }
  }

 private:
  std::unique_ptr<auth::AuthService> hybrid_auth_;
  std::unique_ptr<api::Router> hybrid_router_;
};

TEST_F(RankerWiringTest, TrainingStoresModelsAndAHighlyRatedKindMovesUp) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("ranked@example.org");
  // Pastry postings rated high, nurse ones low: 10 ratings, the training's minimum. Both are
  // far from the kubernetes profile, so what sets them apart is what was rated.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(PutReview(token, absl::StrCat("1-", i), {{"score", 10}}).status, 200);
    ASSERT_EQ(PutReview(token, absl::StrCat("2-", i), {{"score", 2}}).status, 200);
  }
  // Without the learned profile part (reset), only the ranker changes the order below.
  ASSERT_EQ(Call(token, "POST", "/api/v1/feedback/reset-learned").status, 204);
  const std::vector<std::string> unrated_pastry = {"1-5", "1-6", "1-7", "1-8", "1-9"};
  const std::vector<std::string> before = Recommended(token);
  ASSERT_EQ(before.size(), 20u);
  EXPECT_TRUE(Insights(token)["learned"]["feature_weights"].is_null());

  ASSERT_TRUE(RunTraining().ok());
  EXPECT_EQ(test_db().QueryInt("SELECT ratings_used FROM ranker_global_model"), 10);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM ranker_user_models"), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT ratings_used FROM ranker_user_models"), 10);

  const std::vector<std::string> after = Recommended(token);
  ASSERT_EQ(after.size(), 20u);
  RecordProperty("pastry_mean_rank_before", std::to_string(MeanRank(before, unrated_pastry)));
  RecordProperty("pastry_mean_rank_after", std::to_string(MeanRank(after, unrated_pastry)));
  EXPECT_LT(MeanRank(after, unrated_pastry) + 3, MeanRank(before, unrated_pastry))
      << "the unrated pastry postings moved up";

  const json learned = Insights(token)["learned"];
  ASSERT_TRUE(learned["feature_weights"].is_array()) << learned.dump();
  EXPECT_TRUE(learned["feature_weights_reason"].is_null());
  const auto& names = feedback::RankerFeatureNames();
  ASSERT_EQ(learned["feature_weights"].size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const json& w = learned["feature_weights"][i];
    EXPECT_EQ(w["name"], names[i]);
    EXPECT_TRUE(w["user"].is_number() && w["global"].is_number()) << w.dump();
  }
  const auto liked = std::find(names.begin(), names.end(), "liked_similarity") - names.begin();
  EXPECT_GT(learned["feature_weights"][liked]["user"].get<double>(), 0) << "liked postings' neighbours gain";

  // Another user without ratings of their own is ordered by the global model.
  const std::string other = KubernetesUser("newcomer@example.org");
  const json other_learned = Insights(other)["learned"];
  ASSERT_TRUE(other_learned["feature_weights"].is_array());
  EXPECT_EQ(other_learned["feature_weights"][liked]["user"], other_learned["feature_weights"][liked]["global"]);
}

TEST_F(RankerWiringTest, WithoutAModelTheOrderIsUnchanged) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("few@example.org");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(PutReview(token, absl::StrCat("1-", i), {{"score", 10}}).status, 200);
  const std::vector<std::string> before = Recommended(token);
  ASSERT_EQ(before.size(), 27u);

  // Three ratings are too few: the training stores nothing.
  ASSERT_TRUE(RunTraining().ok());
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM ranker_global_model"), 0);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM ranker_user_models"), 0);
  EXPECT_EQ(Recommended(token), before);
  EXPECT_TRUE(Insights(token)["learned"]["feature_weights"].is_null());

  // A model of another fastText version is not used.
  json weights = json::object();
  for (const auto& name : feedback::RankerFeatureNames()) weights[name] = name == "freshness" ? -5.0 : 1.0;
  ASSERT_TRUE(store::RankerModelRepo(db())
                  .PutGlobal({.model_version = "another-version",
                              .model = {{"version", 1}, {"bias", 0.0}, {"weights", weights}},
                              .ratings_used = 50})
                  .ok());
  EXPECT_EQ(Recommended(token), before);
  EXPECT_TRUE(Insights(token)["learned"]["feature_weights"].is_null());
}

TEST_F(RankerWiringTest, HybridFollowsTheRankerOnceTrained) {
  LoadPostingsAndWarmUp();
  const std::string email = "hybrid@example.org";
  const std::string token = KubernetesUser(email);
  const int64_t user_id = UserId(email);
  // The LLM rates the kubernetes postings high and the pastry ones low; the nurse ones are not
  // scored.
  std::map<std::string, int> llm;
  for (int i = 0; i < 10; ++i) {
    llm[absl::StrCat("0-", i)] = 9;
    llm[absl::StrCat("1-", i)] = 2;
  }
  for (const auto& [id, score] : llm) StoreLlmScore(user_id, id, score);
  const json first = Hybrid(token);
  ASSERT_EQ(first.size(), 30u);
  ExpectFixedBlend(first, llm);

  // The user disagrees with the LLM: its high scorers rated low, its low scorers high.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(PutReview(token, absl::StrCat("0-", i), {{"score", 2}}).status, 200);
    ASSERT_EQ(PutReview(token, absl::StrCat("1-", i), {{"score", 10}}).status, 200);
  }
  ASSERT_EQ(Call(token, "POST", "/api/v1/feedback/reset-learned").status, 204);
  const json before = Hybrid(token);
  ASSERT_EQ(before.size(), 20u);
  ExpectFixedBlend(before, llm);  // no model yet

  ASSERT_TRUE(RunTraining().ok());
  ASSERT_EQ(test_db().QueryInt("SELECT count(*) FROM ranker_user_models"), 1);
  const json after = Hybrid(token);
  ASSERT_EQ(after.size(), 20u);
  const std::vector<std::string> unrated_kubernetes = {"0-5", "0-6", "0-7", "0-8", "0-9"};
  const double rank_before = MeanRank(Ids(before), unrated_kubernetes);
  const double rank_after = MeanRank(Ids(after), unrated_kubernetes);
  RecordProperty("kubernetes_mean_rank_blend", std::to_string(rank_before));
  RecordProperty("kubernetes_mean_rank_ranker", std::to_string(rank_after));
  EXPECT_GT(rank_after, rank_before + 3) << "the LLM's high scorers the user disagrees with moved down";
  // The shown scores are the ranker's predictions, in its order; LLM rows are still shown.
  double previous = 2;
  for (const json& item : after) {
    const double score = item["score"].get<double>();
    EXPECT_GE(score, 0);
    EXPECT_LE(score, previous + 1e-9) << item.dump();
    previous = score;
    const std::string id = item["job"]["external_id"];
    EXPECT_EQ(item["scored"].get<bool>(), llm.contains(id)) << id;
    EXPECT_EQ(item["explanation"].is_null(), !llm.contains(id)) << id;
  }
  // The ridge gives a feature that is 0 in every training row a weight of 0: a non-zero
  // llm_score weight shows the stored LLM scores were features of the training.
  const json learned = Insights(token)["learned"];
  const auto& names = feedback::RankerFeatureNames();
  const auto llm_index = std::find(names.begin(), names.end(), "llm_score") - names.begin();
  RecordProperty("llm_score_weight", learned["feature_weights"][llm_index]["user"].dump());
  EXPECT_NE(learned["feature_weights"][llm_index]["user"].get<double>(), 0);
}

TEST_F(RankerWiringTest, WithoutAModelHybridIsTheFixedBlend) {
  LoadPostingsAndWarmUp();
  const std::string email = "blend@example.org";
  const std::string token = KubernetesUser(email);
  const int64_t user_id = UserId(email);
  std::map<std::string, int> llm = {{"2-0", 10}, {"1-3", 7}, {"0-4", 1}, {"0-5", 5}};
  for (const auto& [id, score] : llm) StoreLlmScore(user_id, id, score);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(PutReview(token, absl::StrCat("0-", i), {{"score", 2}}).status, 200);
  ASSERT_TRUE(RunTraining().ok());  // three ratings: nothing stored
  ASSERT_EQ(test_db().QueryInt("SELECT count(*) FROM ranker_global_model"), 0);
  const json items = Hybrid(token);
  ASSERT_EQ(items.size(), 27u);
  ExpectFixedBlend(items, llm);
  EXPECT_EQ(items[0]["job"]["external_id"], "2-0") << "the LLM's 10 leads the blend";
}

TEST_F(RankerWiringTest, FeaturesCarryTheNewestLlmScoreAndAKeywordScore) {
  LoadPostingsAndWarmUp();
  const std::string email = "features@example.org";
  const std::string token = KubernetesUser(email);
  const int64_t user_id = UserId(email);
  const int version = ProfileVersion(user_id);
  StoreLlmScore(user_id, "0-0", 3, "old-model");
  StoreLlmScore(user_id, "0-0", 9);                   // newer: this one counts
  StoreLlmScore(user_id, "0-1", std::nullopt);        // a failed scoring is no score
  StoreLlmScore(user_id, "0-2", 8, kLlmModel, version + 1);  // another profile version
  StoreLlmScore(user_id, "1-0", 4, "old-model");      // any model counts
  const auto latest = store::LlmScoreRepo(db()).LatestScores(user_id, version);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(*latest, (std::unordered_map<int64_t, int>{{PostingId("0-0"), 9}, {PostingId("1-0"), 4}}));
  const auto others = store::LlmScoreRepo(db()).LatestScores(UserId("nobody@example.org"), version);
  ASSERT_TRUE(others.ok());
  EXPECT_TRUE(others->empty());

  const auto stored = store::ProfileRepo(db()).Get(user_id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  const auto profile = profile::ProfileFromJson((*stored)->data);
  ASSERT_TRUE(profile.ok());
  const auto engine = fasttext().Engine();
  std::vector<int64_t> ids;
  for (const char* id : {"0-0", "0-1", "0-2", "1-0", "2-0"}) ids.push_back(PostingId(id));
  const auto features = rank::UserRankerFeatures(db(), engine->model_version(), user_id, *profile,
                                                 rank::ProfileVector(engine->embedder(), *profile), {}, ids,
                                                 *latest);
  ASSERT_TRUE(features.ok()) << features.status();
  ASSERT_EQ(features->size(), 5u);
  const auto& names = feedback::RankerFeatureNames();
  const auto at = [&](const std::string& id, const std::string& name) {
    return features->at(PostingId(id))[std::find(names.begin(), names.end(), name) - names.begin()];
  };
  EXPECT_DOUBLE_EQ(at("0-0", "llm_score"), 0.9);
  EXPECT_EQ(at("0-0", "llm_missing"), 0);
  EXPECT_DOUBLE_EQ(at("1-0", "llm_score"), 0.4);
  EXPECT_EQ(at("1-0", "llm_missing"), 0);
  for (const char* id : {"0-1", "0-2", "2-0"}) {
    EXPECT_EQ(at(id, "llm_score"), 0) << id;
    EXPECT_EQ(at(id, "llm_missing"), 1) << id;
  }
  // BM25 of the profile's keywords among these postings, the best at 1: the kubernetes postings
  // match, the pastry and nurse ones do not.
  EXPECT_DOUBLE_EQ(std::max({at("0-0", "keyword_score"), at("0-1", "keyword_score"), at("0-2", "keyword_score")}), 1.0);
  EXPECT_GT(at("0-1", "keyword_score"), 0.5);
  EXPECT_EQ(at("1-0", "keyword_score"), 0);
  EXPECT_EQ(at("2-0", "keyword_score"), 0);
}

TEST_F(RankerWiringTest, HandlerRejectsABadPayloadAndAnUnknownVersion) {
  EXPECT_TRUE(absl::IsInvalidArgument(RunTraining(json::object())));
  EXPECT_TRUE(absl::IsInvalidArgument(RunTraining({{"model_version", 7}})));
  EXPECT_TRUE(absl::IsInvalidArgument(RunTraining({{"model_version", "no-such-version"}})));
}

TEST_F(RankerWiringTest, EnqueuerCollapsesABurstIntoOneTask) {
  store::TaskQueue queue(db(), 3);
  const auto enqueue = tasks::RankerTrainEnqueuer(queue, [] { return std::string("v1"); });
  enqueue(1);
  enqueue(2);
  enqueue(1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks WHERE kind = 'feedback.train_ranker'"), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks WHERE payload->>'model_version' = 'v1'"), 1);
  // While the engine warms up there is no version: nothing is queued.
  tasks::RankerTrainEnqueuer(queue, [] { return std::string(); })(1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks"), 1);
}

TEST_F(RankerWiringTest, SavingOrDeletingAReviewQueuesTheTraining) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("hooked@example.org");
  // The review routes wired as the server wires them (cli/application.cc), beside the fixture's.
  auth::AuthService auth(db(), auth::AuthOptions{}, auth::NewMailer({}));
  store::TaskQueue queue(db(), 3);
  const auto enqueue = tasks::RankerTrainEnqueuer(queue, [this] { return fasttext().Engine()->model_version(); });
  std::vector<int64_t> calls;
  api::Router router(api::SessionGuards(auth));
  api::AddReviewRoutes(router, db(), [&](int64_t user_id) {
    calls.push_back(user_id);
    enqueue(user_id);
  });
  const auto call = [&](const std::string& method, const std::string& external_id, const json& body) {
    api::Request request =
        BearerRequest(token, method, absl::StrCat("/api/v1/jobs/", PostingId(external_id), "/review"), {}, body);
    return router.Dispatch(request).status;
  };

  EXPECT_EQ(call("PUT", "0-1", {{"score", 11}}), 400);
  EXPECT_TRUE(calls.empty()) << "a rejected review changes nothing";
  EXPECT_EQ(call("PUT", "0-1", {{"score", 8}}), 200);
  EXPECT_EQ(call("PUT", "0-2", {{"score", 3}}), 200);
  EXPECT_EQ(call("DELETE", "0-2", nullptr), 204);
  EXPECT_EQ(call("DELETE", "0-2", nullptr), 404);
  EXPECT_EQ(calls.size(), 3u);
  // The burst is one queued training of the engine's model version.
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM tasks WHERE kind = 'feedback.train_ranker' AND "
                               "payload->>'model_version' = '" + fasttext().Engine()->model_version() + "'"),
            1);
}

}  // namespace
}  // namespace jobrec::testing
