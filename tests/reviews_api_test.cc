// Reviews through the real router against a real PostgreSQL (sql/migrations/0050_reviews.sql,
// api/review_routes.h): saving, listing with pagination and deleting; every bad value; unknown
// and hidden postings; another user's reviews (row-level security); CSRF for cookie sessions;
// reviewed and dismissed postings leaving the recommendations.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/feedback_test_support.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

class ReviewsApiTest : public FeedbackApiTest {};

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST_F(ReviewsApiTest, PutListUpdateAndDelete) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("rater@example.org");
  const api::Response put = PutReview(token, "0-1", {{"score", 8}, {"comment", "great team"}, {"applied", true}});
  ASSERT_EQ(put.status, 200) << put.body;
  const json saved = json::parse(put.body);
  EXPECT_EQ(saved["job"]["external_id"], "0-1");
  EXPECT_EQ(saved["review"]["score"], 8);
  EXPECT_EQ(saved["review"]["comment"], "great team");
  EXPECT_EQ(saved["review"]["applied"], true);
  EXPECT_EQ(saved["review"]["not_interested"], false);
  EXPECT_EQ(saved["score"], 8);  // the web app's flat Review fields
  EXPECT_TRUE(saved["review"]["created_at"].is_string());

  ASSERT_EQ(PutReview(token, "1-2", {{"not_interested", true}, {"comment", "not for me"}}).status, 200);
  ASSERT_EQ(PutReview(token, "2-3", {{"score", 3}}).status, 200);
  // Updating replaces every field and keeps created_at.
  const api::Response update = PutReview(token, "0-1", {{"score", 9}});
  ASSERT_EQ(update.status, 200) << update.body;
  EXPECT_EQ(json::parse(update.body)["review"]["comment"], "");
  EXPECT_EQ(json::parse(update.body)["review"]["applied"], false);
  EXPECT_EQ(json::parse(update.body)["review"]["created_at"], saved["review"]["created_at"]);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 3);

  // Newest (last updated) first, two pages of two.
  const api::Response first = Call(token, "GET", "/api/v1/reviews", {{"limit", "2"}});
  ASSERT_EQ(first.status, 200) << first.body;
  const json page1 = json::parse(first.body);
  ASSERT_EQ(page1["items"].size(), 2u);
  EXPECT_EQ(page1["items"][0]["job"]["external_id"], "0-1");
  EXPECT_EQ(page1["items"][0]["review"]["score"], 9);
  EXPECT_EQ(page1["items"][1]["job"]["external_id"], "2-3");
  ASSERT_TRUE(page1["next_cursor"].is_string());
  const json page2 = json::parse(
      Call(token, "GET", "/api/v1/reviews", {{"limit", "2"}, {"cursor", page1["next_cursor"]}}).body);
  ASSERT_EQ(page2["items"].size(), 1u);
  EXPECT_EQ(page2["items"][0]["job"]["external_id"], "1-2");
  EXPECT_TRUE(page2["items"][0]["review"]["score"].is_null());
  EXPECT_TRUE(page2["next_cursor"].is_null());

  // A reviewed posting that expired since still shows in the list.
  test_db().Exec("UPDATE postings SET status = 'expired' WHERE external_id = '2-3'");
  EXPECT_EQ(json::parse(Call(token, "GET", "/api/v1/reviews").body)["items"].size(), 3u);

  const std::string path = absl::StrCat("/api/v1/jobs/", PostingId("0-1"), "/review");
  EXPECT_EQ(Call(token, "DELETE", path).status, 204);
  EXPECT_EQ(Call(token, "DELETE", path).status, 404);
  EXPECT_EQ(json::parse(Call(token, "GET", "/api/v1/reviews").body)["items"].size(), 2u);
}

TEST_F(ReviewsApiTest, BadValuesAreRefusedNamingTheField) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("bad@example.org");
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"score", 0}}, "score"},
      {{{"score", 11}}, "score"},
      {{{"score", "x"}}, "score"},
      {{{"score", 7.5}}, "score"},
      {{{"score", true}}, "score"},
      {{{"score", -3}}, "score"},
      {json::object(), "score"},                      // says nothing
      {{{"comment", "only words"}}, "score"},         // still says nothing
      {{{"score", 5}, {"comment", std::string(2001, 'a')}}, "comment"},
      {{{"score", 5}, {"comment", 42}}, "comment"},
      {{{"score", 5}, {"applied", "yes"}}, "applied"},
      {{{"score", 5}, {"not_interested", 1}}, "not_interested"},
  };
  for (const auto& [body, field] : cases) {
    const api::Response response = PutReview(token, "0-0", body);
    EXPECT_EQ(response.status, 400) << body.dump() << ": " << response.body;
    EXPECT_EQ(json::parse(response.body)["error"]["field"], field) << body.dump();
  }
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 0);
  // 2000 characters, not bytes: multi-byte text at the limit is fine.
  std::string umlauts;
  for (int i = 0; i < 2000; ++i) umlauts += "ü";
  EXPECT_EQ(PutReview(token, "0-0", {{"score", 5}, {"comment", umlauts}}).status, 200);
  // Not JSON, or not an object.
  api::Response array = Call(token, "PUT", absl::StrCat("/api/v1/jobs/", PostingId("0-0"), "/review"), {},
                             json::array({1}));
  EXPECT_EQ(array.status, 400) << array.body;
  // Listing parameters.
  EXPECT_EQ(Call(token, "GET", "/api/v1/reviews", {{"limit", "0"}}).status, 400);
  EXPECT_EQ(Call(token, "GET", "/api/v1/reviews", {{"limit", "101"}}).status, 400);
  const api::Response cursor = Call(token, "GET", "/api/v1/reviews", {{"cursor", "garbage!"}});
  EXPECT_EQ(cursor.status, 400);
  EXPECT_EQ(json::parse(cursor.body)["error"]["field"], "cursor");
}

TEST_F(ReviewsApiTest, UnknownAndHiddenPostingsAre404) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("missing@example.org");
  const json review = {{"score", 6}};
  for (const std::string id : {"999999999", "0", "-1", "abc", "1e3", "99999999999999999999999"}) {
    const api::Response response = Call(token, "PUT", "/api/v1/jobs/" + id + "/review", {}, review);
    EXPECT_EQ(response.status, 404) << id << ": " << response.body;
    EXPECT_EQ(Call(token, "DELETE", "/api/v1/jobs/" + id + "/review").status, 404) << id;
  }
  test_db().Exec("UPDATE postings SET status = 'expired' WHERE external_id = '0-4'");
  EXPECT_EQ(PutReview(token, "0-4", review).status, 404);
  test_db().Exec("UPDATE postings SET canonical_id = (SELECT id FROM postings WHERE external_id = '0-6') "
                 "WHERE external_id = '0-5'");
  EXPECT_EQ(PutReview(token, "0-5", review).status, 404);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 0);
  EXPECT_EQ(Call("not-a-token", "GET", "/api/v1/reviews").status, 401);
}

TEST_F(ReviewsApiTest, AnotherUsersReviewsAreInvisibleAndUntouchable) {
  LoadPostingsAndWarmUp();
  const std::string alice = SignedIn("alice@example.org");
  const std::string bob = SignedIn("bob@example.org");
  ASSERT_EQ(PutReview(alice, "0-2", {{"score", 10}, {"comment", "alice's secret"}}).status, 200);
  EXPECT_EQ(json::parse(Call(bob, "GET", "/api/v1/reviews").body)["items"].size(), 0u);
  EXPECT_EQ(Call(bob, "DELETE", absl::StrCat("/api/v1/jobs/", PostingId("0-2"), "/review")).status, 404);
  // Bob's review of the same posting is his own row; Alice's stays as it was.
  ASSERT_EQ(PutReview(bob, "0-2", {{"score", 1}}).status, 200);
  const json alices = json::parse(Call(alice, "GET", "/api/v1/reviews").body)["items"];
  ASSERT_EQ(alices.size(), 1u);
  EXPECT_EQ(alices[0]["review"]["score"], 10);
  EXPECT_EQ(alices[0]["review"]["comment"], "alice's secret");
  EXPECT_EQ(json::parse(Call(bob, "GET", "/api/v1/reviews").body)["items"][0]["review"]["score"], 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 2);
}

TEST_F(ReviewsApiTest, CookieSessionsNeedTheCsrfToken) {
  LoadPostingsAndWarmUp();
  const std::string token = SignedIn("browser@example.org");
  const std::string path = absl::StrCat("/api/v1/jobs/", PostingId("0-3"), "/review");
  EXPECT_EQ(CallWithCookie(token, "PUT", path, {{"score", 7}}, false).status, 403);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 0);
  EXPECT_EQ(CallWithCookie(token, "PUT", path, {{"score", 7}}, true).status, 200);
  EXPECT_EQ(CallWithCookie(token, "GET", "/api/v1/reviews", nullptr, false).status, 200);  // reads need none
  EXPECT_EQ(CallWithCookie(token, "DELETE", path, nullptr, false).status, 403);
  EXPECT_EQ(CallWithCookie(token, "DELETE", path, nullptr, true).status, 204);
}

TEST_F(ReviewsApiTest, ReviewedAndDismissedPostingsLeaveTheRecommendations) {
  LoadPostingsAndWarmUp();
  const std::string token = KubernetesUser("leave@example.org");
  const std::vector<std::string> before = Recommended(token);
  ASSERT_EQ(before.size(), 30u);
  const std::string top = before[0], second = before[1];
  ASSERT_EQ(PutReview(token, top, {{"score", 9}}).status, 200);
  ASSERT_EQ(PutReview(token, second, {{"not_interested", true}}).status, 200);
  const std::vector<std::string> after = Recommended(token);
  EXPECT_EQ(after.size(), 28u);
  EXPECT_FALSE(Contains(after, top));
  EXPECT_FALSE(Contains(after, second));
  // Another user's reviews do not hide anything from this one.
  const std::string other = KubernetesUser("other@example.org");
  EXPECT_EQ(Recommended(other).size(), 30u);
  // Deleting the review brings the posting back.
  ASSERT_EQ(Call(token, "DELETE", absl::StrCat("/api/v1/jobs/", PostingId(second), "/review")).status, 204);
  EXPECT_TRUE(Contains(Recommended(token), second));
}

}  // namespace
}  // namespace jobrec::testing
