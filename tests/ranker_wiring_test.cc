// The learned ranker on the server (issue #7 point 3) against a real PostgreSQL: the task
// feedback.train_ranker stores a global and a per-user model once there are enough ratings,
// the recommendations are then re-ranked by them (a kind of posting the user rated high moves
// up), the insights show the weights, and without a model the order stays as it was.
#include <algorithm>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/auth_routes.h"
#include "jobrec/api/review_routes.h"
#include "jobrec/feedback/ranker_features.h"
#include "jobrec/store/ranker_model_repo.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/ranker_train_task.h"
#include "jobrec/tasks/task_handler_registry.h"
#include "tests/feedback_test_support.h"

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
};

TEST_F(RankerWiringTest, TrainingStoresModelsAndAHighlyRatedKindMovesUp) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("ranked@example.org");
  PutKubernetesProfile(token);
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
  const std::string other = SignedIn("newcomer@example.org");
  PutKubernetesProfile(other);
  const json other_learned = Insights(other)["learned"];
  ASSERT_TRUE(other_learned["feature_weights"].is_array());
  EXPECT_EQ(other_learned["feature_weights"][liked]["user"], other_learned["feature_weights"][liked]["global"]);
}

TEST_F(RankerWiringTest, WithoutAModelTheOrderIsUnchanged) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("few@example.org");
  PutKubernetesProfile(token);
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
    api::Request request{.method = method, .path = absl::StrCat("/api/v1/jobs/", PostingId(external_id), "/review")};
    request.remote_addr = "192.0.2.1";
    request.headers = {{"Authorization", "Bearer " + token}};
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("Content-Type", "application/json");
    }
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
