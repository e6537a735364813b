// The LLM half of issue #7 point 4 against a real PostgreSQL and the fake LLM server: with an
// LLM configured a review save queues feedback.comment_reasons, whose reasons are stored and
// preferred to the lexicon's when rules are proposed; without one the lexicon alone proposes
// rules and nothing is queued; a reply that stays malformed stores nothing.
#include <atomic>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/api/review_routes.h"
#include "jobrec/api/router.h"
#include "jobrec/feedback/comment_rules.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/testing/fake_llm_server.h"
#include "jobrec/llm/testing/test_support.h"
#include "jobrec/store/review_reasons_repo.h"
#include "jobrec/store/task_queue.h"
#include "jobrec/tasks/comment_reasons_task.h"
#include "tests/support/fake_llm_test.h"
#include "tests/support/test_database.h"

namespace jobrec::testing {
namespace {

using nlohmann::json;

// The lexicon finds nothing in it (checked below); the fake LLM reads it as "too senior".
constexpr char kSeniorComment[] = "they want a decade of leadership experience";
constexpr char kAgencyComment[] = "another recruitment agency";

class CommentReasonsTest : public FakeLlmTest<DatabaseTest> {
 protected:
  llm::testing::FakeResponse Reply(const llm::testing::RecordedRequest& request, int) const override {
    if (request.body.find("record_comment_reasons") == std::string::npos) {
      return {.status = 400, .body = R"({"error":{"message":"unexpected request"}})"};
    }
    json reply = {{"reasons", json::array()}};
    if (malformed_) {
      reply = {{"reasons", {"overqualified"}}};  // not a reason name, in the repair too
    } else if (request.body.find("a decade of leadership") != std::string::npos) {
      reply = {{"reasons", {"too_senior"}}};
    }
    return {.body = llm::testing::OpenAiReply(reply.dump(), 100, 10)};
  }

  // As cli/application.cc wires it: the review hook queues the task only with an LLM.
  void Build(bool configured) {
    llm::LlmOptions options = ServerOptions();
    options.pricing = {.input_per_mtok = 1.0, .output_per_mtok = 2.0};
    absl::StatusOr<llm::LlmRuntime> runtime = Runtime(options, configured);
    ASSERT_EQ(runtime.ok(), configured) << runtime.status();
    NewRouterAndRegistry();
    api::AddReviewRoutes(*router_, db(), tasks::CommentReasonsEnqueuer(*queue_, runtime.ok()));
    ASSERT_TRUE(tasks::RegisterCommentReasonsTask(*registry_, db(), std::move(runtime), {.daily_budget_usd = 0}).ok());
  }

  int64_t AddPosting(const std::string& external_id) {
    return test_db().QueryInt(absl::StrCat(
        "INSERT INTO postings (provider, external_id, title, content_hash, dedupe_key, simhash, simhash_bands) "
        "VALUES ('test', '", external_id, "', 'Engineer ", external_id, "', repeat('a', 64), '", external_id,
        "', 0, '{}') RETURNING id"));
  }

  void PutReview(int64_t posting_id, int score, const std::string& comment) {
    const api::Response response =
        Call("PUT", absl::StrCat("/api/v1/jobs/", posting_id, "/review"), {{"score", score}, {"comment", comment}});
    ASSERT_EQ(response.status, 200) << response.body;
  }

  int64_t RuleEvidence(const std::string& kind) {
    return test_db().QueryInt(absl::StrCat("SELECT evidence FROM feedback_rules WHERE user_id = ", user_,
                                           " AND kind = '", kind, "' AND state = 'proposed'"));
  }
  int64_t StoredReasons() {
    return test_db().QueryInt(absl::StrCat("SELECT count(*) FROM review_reasons WHERE user_id = ", user_));
  }

  std::atomic<bool> malformed_{false};
};

TEST_F(CommentReasonsTest, TheLexiconAloneFindsNothingInTheSeniorComment) {
  EXPECT_TRUE(feedback::ReasonsInComment(kSeniorComment).empty());
}

TEST_F(CommentReasonsTest, LlmReasonsAreStoredAndProposeARuleTheLexiconWouldNot) {
  Build(true);
  PutReview(AddPosting("a"), 2, kSeniorComment);
  PutReview(AddPosting("b"), 3, kSeniorComment);
  PutReview(AddPosting("c"), 9, "great team, lots of leadership");  // positive: not asked
  EXPECT_EQ(RuleEvidence("too_senior"), 0);  // the lexicon alone: no rule yet

  ASSERT_TRUE(RunNextTask().ok());  // one task for the user (dedupe key)
  EXPECT_TRUE(absl::IsNotFound(RunNextTask()));
  EXPECT_EQ(server_->RequestCount(), 2);
  EXPECT_EQ(StoredReasons(), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM review_reasons WHERE reasons = '[\"too_senior\"]'::jsonb "
                               "AND prompt_version = 'comment-reasons-v1' AND model <> ''"),
            2);
  EXPECT_EQ(RuleEvidence("too_senior"), 2);
  EXPECT_EQ(test_db().QueryInt(absl::StrCat("SELECT calls FROM llm_usage WHERE user_id = ", user_)), 2);

  // A later save queues the task again; reviews already done are not asked twice.
  PutReview(AddPosting("d"), 9, "fine");
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 2);
}

TEST_F(CommentReasonsTest, AnEditedCommentIsAskedAgainAndStaleReasonsAreNotUsed) {
  Build(true);
  const int64_t a = AddPosting("a");
  PutReview(a, 2, kSeniorComment);
  PutReview(AddPosting("b"), 2, kSeniorComment);
  ASSERT_TRUE(RunNextTask().ok());
  ASSERT_EQ(RuleEvidence("too_senior"), 2);

  PutReview(a, 2, "meh");  // the stored reasons are of the old comment
  EXPECT_EQ(RuleEvidence("too_senior"), 1);
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 3);
  EXPECT_EQ(test_db().QueryInt(absl::StrCat("SELECT jsonb_array_length(reasons) FROM review_reasons WHERE posting_id = ", a)),
            0);
}

TEST_F(CommentReasonsTest, WithoutAnLlmTheLexiconProposesAndNothingIsQueued) {
  Build(false);
  PutReview(AddPosting("a"), 2, kAgencyComment);
  PutReview(AddPosting("b"), 1, kAgencyComment);
  PutReview(AddPosting("c"), 2, kSeniorComment);
  PutReview(AddPosting("d"), 2, kSeniorComment);
  EXPECT_TRUE(absl::IsNotFound(RunNextTask()));
  EXPECT_EQ(RuleEvidence("agency"), 2);
  EXPECT_EQ(RuleEvidence("too_senior"), 0);
  EXPECT_EQ(server_->RequestCount(), 0);

  // A task queued anyway (by a process with an LLM) fails here instead of guessing.
  ASSERT_TRUE(queue_->Enqueue(store::CommentReasonsTask(user_)).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(RunNextTask()));
}

TEST_F(CommentReasonsTest, AMalformedReplyStoresNothingAndTheLexiconStays) {
  malformed_ = true;
  Build(true);
  PutReview(AddPosting("a"), 2, kAgencyComment);
  PutReview(AddPosting("b"), 2, kAgencyComment);
  ASSERT_TRUE(RunNextTask().ok());
  EXPECT_EQ(server_->RequestCount(), 4);  // each comment: the call and its one repair
  EXPECT_EQ(StoredReasons(), 0);
  EXPECT_EQ(RuleEvidence("agency"), 2);
}

TEST_F(CommentReasonsTest, ABadPayloadIsRejected) {
  Build(true);
  ASSERT_TRUE(queue_->Enqueue({.kind = store::kCommentReasonsTaskKind, .payload = {{"user_id", "alice"}}}).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(RunNextTask()));
}

}  // namespace
}  // namespace jobrec::testing
