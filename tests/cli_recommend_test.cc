// `jobrec recommend` end to end: postings synced into a real PostgreSQL, a tiny fastText model
// trained on them under the state folder, then the binary run as a child process for an
// account with a profile: the table, the filters, reviewed postings left out, and the errors
// (unknown email, no profile, no model yet, bad flags).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/review_repo.h"
#include "tests/ingest_test_support.h"
#include "tests/support/child_process.h"

namespace jobrec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kEmail[] = "kube@example.org";

// Three kinds of job, four postings each; the first two of a kind remote in Berlin, the
// others onsite in Austin.
const std::pair<const char*, const char*> kJobs[] = {
    {"Kubernetes Platform Engineer", "kubernetes clusters terraform helm containers cloud platform"},
    {"Pastry Chef", "pastry croissants bakery dough ovens desserts chocolate kitchen"},
    {"Registered Nurse", "patients ward nursing care hospital medication clinical shifts"},
};

class RecommendCommandTest : public IngestTest {
 protected:
  void SetUp() override {
    IngestTest::SetUp();
    state_ = std::make_unique<embed::testing::ScratchDir>("cli-recommend-test");
  }

  void LoadPostings() {
    auto script = std::make_shared<ConnectorScript>();
    script->pages.resize(1);
    for (const auto& [title, words] : kJobs) {
      for (int i = 0; i < 4; ++i) {
        const bool berlin = i < 2;
        ingest::Posting p = MakePosting(
            "board", absl::StrCat(title, "-", i), absl::StrCat(title, " ", i + 1),
            absl::StrCat(title, " Company ", i), berlin ? "Berlin" : "Austin",
            absl::StrCat("We need ", words, ". Every day: ", words, ". Team number ", i, "."));
        p.location.country = berlin ? "DE" : "US";
        p.remote = berlin ? ingest::RemoteMode::kRemote : ingest::RemoteMode::kOnsite;
        script->pages[0].postings.push_back(p);
      }
    }
    ASSERT_TRUE(SyncFake(AddFakeSource("board"), script).ok());
  }

  // Trains a small model under <state>/models the way serve's first start does (it also
  // embeds the postings, which the tests remove where they check that the command does).
  void TrainModel() {
    rank::FastTextServiceOptions options;
    options.models_dir = state_->path() + "/models";
    options.train = {.dim = 16, .epoch = 5, .min_count = 1, .threads = 1, .bucket = 20000};
    rank::FastTextService service(db(), options);
    ASSERT_TRUE(service.WarmUp().ok()) << service.Status();
  }

  int64_t AddUser(const std::string& email, bool with_profile) {
    auto id = store::AccountRepo(db()).CreateUser(email, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$bm90LXVzZWQ");
    EXPECT_TRUE(id.ok()) << id.status();
    if (!id.ok()) return 0;
    if (with_profile) {
      const nlohmann::json profile = {
          {"job_titles", {"Kubernetes Platform Engineer"}},
          {"ideal_job", "Run kubernetes clusters and cloud infrastructure with terraform"},
          {"remote", "any"},
          {"technical_skills",
           {{{"name", "Kubernetes"}, {"weight", 60}}, {{"name", "Terraform"}, {"weight", 40}}}}};
      auto put = store::ProfileRepo(db()).Put(*id, profile);
      EXPECT_TRUE(put.ok()) << put.status();
    }
    return *id;
  }

  RunResult Recommend(std::vector<std::string> flags) {
    std::vector<std::string> args = {"recommend"};
    args.insert(args.end(), flags.begin(), flags.end());
    return RunJobrec(args, {"JOBREC_DATABASE_URL=" + test_db().url(),
                            "JOBREC_STATE_DIR=" + state_->path(), "JOBREC_LOG_LEVEL=warn"});
  }

  // The table's data lines (after the header and its rule).
  static std::vector<std::string> TableRows(const std::string& output) {
    std::vector<std::string> rows;
    std::istringstream in(output);
    std::string line;
    bool past_rule = false;
    while (std::getline(in, line)) {
      if (past_rule) rows.push_back(line);
      if (line.rfind("---", 0) == 0) past_rule = true;
    }
    return rows;
  }

  std::unique_ptr<embed::testing::ScratchDir> state_;
};

TEST_F(RecommendCommandTest, PrintsTheBestMatchFirstEmbeddingPostingsTheModelLacks) {
  LoadPostings();
  TrainModel();
  AddUser(kEmail, /*with_profile=*/true);
  test_db().Exec("DELETE FROM posting_vectors");  // as after `jobrec train` alone

  RunResult result = Recommend({"--email", "Kube@Example.org", "--limit", "5"});

  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("Score"));
  EXPECT_THAT(result.output, HasSubstr("Matched"));
  const std::vector<std::string> rows = TableRows(result.output);
  ASSERT_EQ(rows.size(), 5u) << result.output;
  EXPECT_THAT(rows[0], ::testing::StartsWith("1 "));
  EXPECT_THAT(rows[0], HasSubstr("Kubernetes Platform Engineer"));
  EXPECT_THAT(rows[0], HasSubstr("Terraform")) << "a matched skill";
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_vectors"), 12);
}

TEST_F(RecommendCommandTest, AppliesTheFiltersAndLeavesReviewedPostingsOut) {
  LoadPostings();
  TrainModel();
  const int64_t user = AddUser(kEmail, /*with_profile=*/true);

  RunResult onsite = Recommend({"--email", kEmail, "--remote", "onsite", "--location", "Austin, US"});
  ASSERT_EQ(onsite.exit_code, 0) << onsite.output;
  const std::vector<std::string> rows = TableRows(onsite.output);
  ASSERT_FALSE(rows.empty()) << onsite.output;
  for (const std::string& row : rows) {
    EXPECT_THAT(row, HasSubstr("Austin")) << onsite.output;
    EXPECT_THAT(row, Not(HasSubstr("remote")));
  }

  const int64_t best = test_db().QueryInt(
      "SELECT id FROM postings WHERE title = 'Kubernetes Platform Engineer 3'");
  auto reviewed = store::ReviewRepo(db()).Put(user, best, {.not_interested = true});
  ASSERT_TRUE(reviewed.ok() && reviewed->has_value()) << reviewed.status();
  RunResult after = Recommend({"--email", kEmail, "--location", "Austin, US"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_THAT(after.output, Not(HasSubstr("Kubernetes Platform Engineer 3")));
  EXPECT_THAT(after.output, HasSubstr("Kubernetes Platform Engineer 4"));
}

TEST_F(RecommendCommandTest, UnknownEmailNoProfileAndNoModelAreClearErrors) {
  LoadPostings();
  AddUser("empty@example.org", /*with_profile=*/false);
  AddUser(kEmail, /*with_profile=*/true);

  RunResult unknown = Recommend({"--email", "nobody@example.org"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.output, HasSubstr("no account with the email nobody@example.org"));

  RunResult no_profile = Recommend({"--email", "empty@example.org"});
  EXPECT_EQ(no_profile.exit_code, 1);
  EXPECT_THAT(no_profile.output, HasSubstr("has no profile yet"));

  RunResult no_model = Recommend({"--email", kEmail});
  EXPECT_EQ(no_model.exit_code, 1);
  EXPECT_THAT(no_model.output, HasSubstr("run jobrec train or start jobrec serve first"));
}

TEST_F(RecommendCommandTest, BadFlagsAreUsageErrors) {
  for (const std::vector<std::string>& flags : std::vector<std::vector<std::string>>{
           {},
           {"--email", "not-an-email"},
           {"--email", kEmail, "--limit", "0"},
           {"--email", kEmail, "--limit", "101"},
           {"--email", kEmail, "--engine", "llm"},
           {"--email", kEmail, "--min-salary", "lots"}}) {
    RunResult result = Recommend(flags);
    EXPECT_EQ(result.exit_code, 2) << ::testing::PrintToString(flags) << ": " << result.output;
  }
  // Filter values are checked where the API checks them, once the profile is read.
  LoadPostings();
  TrainModel();
  AddUser(kEmail, /*with_profile=*/true);
  RunResult location = Recommend({"--email", kEmail, "--location", "Berlin, Germany"});
  EXPECT_EQ(location.exit_code, 2) << location.output;
  EXPECT_THAT(location.output, HasSubstr("--location"));
  RunResult remote = Recommend({"--email", kEmail, "--remote", "sometimes"});
  EXPECT_EQ(remote.exit_code, 2) << remote.output;
  EXPECT_THAT(remote.output, HasSubstr("--remote"));
}

// `jobrec train --import`: a pretrained .bin becomes the newest version, which `recommend`
// (like serve's warm-up) then uses; a file that is not a fastText model is refused.
TEST_F(RecommendCommandTest, TrainImportsAPretrainedModelAsTheNewestVersion) {
  LoadPostings();
  TrainModel();
  AddUser(kEmail, /*with_profile=*/true);
  std::string trained;
  for (const auto& entry : std::filesystem::directory_iterator(state_->path() + "/models")) {
    if (entry.is_directory()) trained = entry.path().string();
  }
  ASSERT_FALSE(trained.empty());
  const std::string pretrained = state_->path() + "/pretrained.bin";
  std::filesystem::copy_file(trained + "/model.bin", pretrained);
  std::filesystem::remove_all(state_->path() + "/models");

  const std::vector<std::string> env = {"JOBREC_DATABASE_URL=" + test_db().url(),
                                        "JOBREC_STATE_DIR=" + state_->path(), "JOBREC_LOG_LEVEL=warn"};
  RunResult imported = RunJobrec({"train", "--import", pretrained}, env);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("imported from " + pretrained));
  RunResult recommended = Recommend({"--email", kEmail});
  ASSERT_EQ(recommended.exit_code, 0) << recommended.output;
  EXPECT_THAT(TableRows(recommended.output).at(0), HasSubstr("Kubernetes"));

  std::ofstream(state_->path() + "/not-a-model.bin") << "hello";
  RunResult refused = RunJobrec({"train", "--import", state_->path() + "/not-a-model.bin"}, env);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_EQ(RunJobrec({"train", "--import", pretrained, "--text", "-"}, env).exit_code, 2);
}

}  // namespace
}  // namespace jobrec::testing
