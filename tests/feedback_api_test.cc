// The feedback loop through the real router against a real PostgreSQL (issue #7): the learned
// profile part moving recommendations and its reset, the decay of old ratings, rules proposed
// from comments that change recommendations when accepted and stop when removed, and insights.
#include <algorithm>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/feedback_test_support.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

class FeedbackTest : public FeedbackApiTest {
 protected:
  // Index of the first recommended posting of a group ("1-" pastry chefs, "2-" nurses).
  static size_t FirstOf(const std::vector<std::string>& ids, const std::string& group) {
    return std::find_if(ids.begin(), ids.end(), [&](const std::string& id) { return id.rfind(group, 0) == 0; }) -
           ids.begin();
  }
  // Mean index of the group's postings other than `except`.
  static double MeanRank(const std::vector<std::string>& ids, const std::string& group, const std::string& except) {
    double sum = 0;
    int n = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i].rfind(group, 0) == 0 && ids[i] != except) {
        sum += static_cast<double>(i);
        ++n;
      }
    }
    return n ? sum / n : -1;
  }
  json Get(const std::string& token, const std::string& path) {
    const api::Response response = Call(token, "GET", path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return json::parse(response.body);
  }
};

TEST_F(FeedbackTest, RatingHighMovesSimilarPostingsUpAndResetRestoresTheOrder) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("learner@example.org");
  const std::vector<std::string> before = Recommended(token);
  ASSERT_EQ(before.size(), 30u);
  const size_t pastry_before = FirstOf(before, "1-");
  const double pastry_mean_before = MeanRank(before, "1-", "1-0");
  ASSERT_GT(pastry_before, 0u) << "a kubernetes posting comes first";

  ASSERT_EQ(PutReview(token, "1-0", {{"score", 10}, {"comment", "love baking"}}).status, 200);
  const std::vector<std::string> after = Recommended(token);
  ASSERT_EQ(after.size(), 29u);
  EXPECT_LT(FirstOf(after, "1-"), pastry_before) << "a pastry posting moved up";
  EXPECT_LT(MeanRank(after, "1-", "1-0") + 3, pastry_mean_before) << "the pastry postings moved up";
  RecordProperty("pastry_mean_rank_before", std::to_string(pastry_mean_before));
  RecordProperty("pastry_mean_rank_after", std::to_string(MeanRank(after, "1-", "1-0")));
  EXPECT_EQ(test_db().QueryInt("SELECT reviews_used FROM learned_profiles"), 1);
  const json learned = Get(token, "/api/v1/feedback/insights")["learned"];
  EXPECT_EQ(learned["reviews_used"], 1);
  ASSERT_FALSE(learned["terms_toward"].empty());
  EXPECT_TRUE(learned["feature_weights"].is_null());
  EXPECT_TRUE(learned["feature_weights_reason"].is_string());

  // Reset: the written profile alone again (the reviewed posting stays out); the review stays.
  EXPECT_EQ(Call(token, "POST", "/api/v1/feedback/reset-learned").status, 204);
  std::vector<std::string> expected = before;
  expected.erase(std::find(expected.begin(), expected.end(), "1-0"));
  EXPECT_EQ(Recommended(token), expected);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 1);
  EXPECT_TRUE(Get(token, "/api/v1/feedback/insights")["learned"]["terms_toward"].empty());
  // Ratings after the reset teach again; those before it do not.
  ASSERT_EQ(PutReview(token, "1-1", {{"score", 10}}).status, 200);
  EXPECT_LT(FirstOf(Recommended(token), "1-"), pastry_before);
  EXPECT_EQ(test_db().QueryInt("SELECT reviews_used FROM learned_profiles"), 1);
  // Deleting that rating undoes its effect.
  ASSERT_EQ(Call(token, "DELETE", absl::StrCat("/api/v1/jobs/", PostingId("1-1"), "/review")).status, 204);
  std::vector<std::string> without = expected;
  EXPECT_EQ(Recommended(token), without);
}

TEST_F(FeedbackTest, AnOldRatingWeighsLessThanARecentOne) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("decay@example.org");
  ASSERT_EQ(PutReview(token, "1-0", {{"score", 10}}).status, 200);
  ASSERT_EQ(PutReview(token, "2-0", {{"score", 10}}).status, 200);
  // The pastry rating is a year old (ten half-lives): the nurses win.
  test_db().Exec("UPDATE reviews SET updated_at = now() - interval '365 days' WHERE posting_id = " +
                 std::to_string(PostingId("1-0")));
  std::vector<std::string> ids = Recommended(token);
  EXPECT_LT(FirstOf(ids, "2-"), FirstOf(ids, "1-"));
  // Now the nurse rating is the old one: the pastry chefs win.
  test_db().Exec("UPDATE reviews SET updated_at = now() WHERE posting_id = " + std::to_string(PostingId("1-0")));
  test_db().Exec("UPDATE reviews SET updated_at = now() - interval '365 days' WHERE posting_id = " +
                 std::to_string(PostingId("2-0")));
  ids = Recommended(token);
  EXPECT_LT(FirstOf(ids, "1-"), FirstOf(ids, "2-"));
}

TEST_F(FeedbackTest, RulesFromCommentsAreProposedAcceptedAndRemoved) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("rules@example.org");
  // Odd postings are onsite in Austin. One complaint is not yet a pattern.
  ASSERT_EQ(PutReview(token, "2-1", {{"score", 2}, {"comment", "No remote option, sadly."}}).status, 200);
  EXPECT_TRUE(Get(token, "/api/v1/feedback/rules")["items"].empty());
  // A positive review with the phrase is no evidence.
  ASSERT_EQ(PutReview(token, "2-5", {{"score", 9}, {"comment", "no remote but great"}}).status, 200);
  EXPECT_TRUE(Get(token, "/api/v1/feedback/rules")["items"].empty());
  ASSERT_EQ(PutReview(token, "1-3", {{"not_interested", true}, {"comment", "office only, no remote"}}).status, 200);
  const json rules = Get(token, "/api/v1/feedback/rules")["items"];
  ASSERT_EQ(rules.size(), 1u) << rules;
  EXPECT_EQ(rules[0]["kind"], "needs_remote");
  EXPECT_EQ(rules[0]["state"], "proposed");
  EXPECT_EQ(rules[0]["evidence"], 2);
  EXPECT_EQ(rules[0]["text"], "Only show remote or hybrid postings");
  const std::string id = std::to_string(rules[0]["id"].get<int64_t>());

  const auto onsite_count = [&] {
    int n = 0;
    for (const std::string& ext : Recommended(token)) {
      n += (std::stoi(ext.substr(ext.find('-') + 1)) % 2) == 1;
    }
    return n;
  };
  EXPECT_GT(onsite_count(), 0);
  // Another user cannot decide it.
  const std::string other = SignedIn("other@example.org");
  EXPECT_EQ(Call(other, "POST", "/api/v1/feedback/rules/" + id + "/accept").status, 404);

  const api::Response accepted = Call(token, "POST", "/api/v1/feedback/rules/" + id + "/accept");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(json::parse(accepted.body)["state"], "accepted");
  EXPECT_EQ(onsite_count(), 0) << "accepted: only remote or hybrid postings";
  EXPECT_EQ(Recommended(token).size(), 15u);  // the remote ones (every reviewed posting was onsite)
  EXPECT_EQ(Get(token, "/api/v1/feedback/insights")["rules"][0]["state"], "accepted");

  // Rejected: no longer applied, still listed.
  ASSERT_EQ(Call(token, "POST", "/api/v1/feedback/rules/" + id + "/reject").status, 200);
  EXPECT_GT(onsite_count(), 0);
  ASSERT_EQ(Call(token, "POST", "/api/v1/feedback/rules/" + id + "/accept").status, 200);
  EXPECT_EQ(onsite_count(), 0);
  // Removed: no longer applied, listed or proposed again by more evidence.
  EXPECT_EQ(Call(token, "DELETE", "/api/v1/feedback/rules/" + id).status, 204);
  EXPECT_GT(onsite_count(), 0);
  EXPECT_TRUE(Get(token, "/api/v1/feedback/rules")["items"].empty());
  ASSERT_EQ(PutReview(token, "0-3", {{"score", 1}, {"comment", "not remote"}}).status, 200);
  EXPECT_TRUE(Get(token, "/api/v1/feedback/rules")["items"].empty());
  EXPECT_EQ(Call(token, "DELETE", "/api/v1/feedback/rules/" + id).status, 404);
  EXPECT_EQ(Call(token, "POST", "/api/v1/feedback/rules/" + id + "/accept").status, 404);
  for (const std::string bad : {"abc", "0", "-2", "99999999"}) {
    EXPECT_EQ(Call(token, "POST", "/api/v1/feedback/rules/" + bad + "/accept").status, 404) << bad;
  }
}

TEST_F(FeedbackTest, InsightsReportRatingsAgreementAndWhatWasLearned) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("insights@example.org");
  json insights = Get(token, "/api/v1/feedback/insights");
  EXPECT_TRUE(insights["ratings_over_time"].empty());
  ASSERT_GE(insights["engine_agreement"].size(), 1u);
  EXPECT_EQ(insights["engine_agreement"][0]["engine"], "fasttext");
  EXPECT_TRUE(insights["engine_agreement"][0]["spearman"].is_null());
  EXPECT_TRUE(insights["engine_agreement"][0]["reason"].is_string());

  // Kubernetes postings rated high, the others low: the fastText engine agrees.
  for (const auto& [ext, score] : std::vector<std::pair<std::string, int>>{
           {"0-0", 9}, {"0-1", 8}, {"1-0", 3}, {"2-0", 2}, {"1-1", 1}}) {
    ASSERT_EQ(PutReview(token, ext, {{"score", score}}).status, 200);
  }
  ASSERT_EQ(PutReview(token, "0-2", {{"applied", true}}).status, 200);  // no score: not a rating
  insights = Get(token, "/api/v1/feedback/insights");
  ASSERT_EQ(insights["ratings_over_time"].size(), 1u);
  EXPECT_EQ(insights["ratings_over_time"][0]["count"], 6);
  EXPECT_DOUBLE_EQ(insights["ratings_over_time"][0]["mean_score"].get<double>(), 4.6);
  const json fasttext = insights["engine_agreement"][0];
  EXPECT_EQ(fasttext["postings"], 5);
  EXPECT_EQ(fasttext["pairs"], 10);
  ASSERT_TRUE(fasttext["spearman"].is_number()) << fasttext;
  EXPECT_GT(fasttext["spearman"].get<double>(), 0.5) << fasttext;
  EXPECT_GT(fasttext["pairwise_accuracy"].get<double>(), 0.7) << fasttext;
  EXPECT_EQ(insights["score_distributions"]["fasttext"].size(), 5u);
  EXPECT_EQ(insights["learned"]["reviews_used"], 5);
  EXPECT_FALSE(insights["learned"]["terms_away"].empty());

  // The llm engine: its stored scores when the table exists, else a reason.
  const json llm = insights["engine_agreement"][1];
  EXPECT_EQ(llm["engine"], "llm");
  if (test_db().QueryInt("SELECT (to_regclass('public.llm_scores') IS NOT NULL)::int") == 1) {
    const int64_t user = test_db().QueryInt("SELECT id FROM users WHERE email = 'insights@example.org'");
    for (const auto& [ext, score] : std::vector<std::pair<std::string, int>>{
             {"0-0", 3}, {"0-1", 4}, {"1-0", 6}, {"2-0", 8}, {"1-1", 9}}) {
      test_db().Exec(absl::StrCat("INSERT INTO llm_scores (user_id, posting_id, profile_version, model, "
                                  "prompt_version, score) VALUES (", user, ", ", PostingId(ext), ", 1, 'm', 'p', ",
                                  score, ")"));
    }
    const json scored = Get(token, "/api/v1/feedback/insights")["engine_agreement"][1];
    EXPECT_EQ(scored["postings"], 5);
    EXPECT_DOUBLE_EQ(scored["spearman"].get<double>(), -1.0) << "exactly the reverse order";
    EXPECT_DOUBLE_EQ(scored["pairwise_accuracy"].get<double>(), 0.0);
  } else {
    EXPECT_TRUE(llm["spearman"].is_null());
    EXPECT_TRUE(llm["reason"].is_string());
  }
  // Someone else's insights show none of it.
  const std::string other = SignedIn("nobody@example.org");
  EXPECT_TRUE(Get(other, "/api/v1/feedback/insights")["ratings_over_time"].empty());
}

}  // namespace
}  // namespace jobrec::testing
