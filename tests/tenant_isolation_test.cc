// Tenant isolation: user B's requests can neither read nor change user A's rows, in every
// user-owned table and through every SQL function the API calls — including through
// deliberately buggy statements that forget the user filter: row-level security must stop them.
#include <set>

#include <gtest/gtest.h>

#include "jobrec/auth/token.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"
#include "support/test_database.h"

namespace jobrec {
namespace {

using store::AsUser;

// Every table holding per-user rows, with its owner column. A new user-owned table must be
// added here: UserOwnedTablesAreAllCoveredAndUnderRls fails until it is.
const std::vector<std::pair<std::string, std::string>>& UserOwnedTables() {
  static const std::vector<std::pair<std::string, std::string>> kTables = {
      {"users", "id"},
      {"sessions", "user_id"},
      {"password_resets", "user_id"},
      {"profiles", "user_id"},
      {"profile_versions", "user_id"},
      {"reviews", "user_id"},
      {"learned_profiles", "user_id"},
      {"feedback_rules", "user_id"},
      {"scoring_runs", "user_id"},
      {"llm_scores", "user_id"},
      {"llm_usage", "user_id"},
      {"ranker_user_models", "user_id"},
      {"ideal_postings", "user_id"},
      {"review_reasons", "user_id"},
  };
  return kTables;
}

class TenantIsolationTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    store::AccountRepo accounts(db());
    a_ = *accounts.CreateUser("a@example.org", "$argon2id$v=19$m=1,t=1,p=1$a$a");
    b_ = *accounts.CreateUser("b@example.org", "$argon2id$v=19$m=1,t=1,p=1$b$b");
    a_token_hash_ = auth::HashToken("token-of-a");
    ASSERT_TRUE(accounts.CreateSession(a_, a_token_hash_, auth::HashToken("csrf-a"), "cookie",
                                       std::chrono::hours(1)).ok());
    ASSERT_TRUE(accounts.CreateSession(b_, auth::HashToken("token-of-b"), "", "bearer",
                                       std::chrono::hours(1)).ok());
    ASSERT_TRUE(accounts.CreatePasswordReset("a@example.org", auth::HashToken("reset-a"),
                                             std::chrono::hours(1)).ok());
    store::ProfileRepo profiles(db());
    ASSERT_TRUE(profiles.Put(a_, {{"job_titles", {"A's secret title"}}}).ok());
    ASSERT_TRUE(profiles.Put(b_, {{"job_titles", {"B"}}}).ok());
    // Reviews, learned profiles and rules (0050_reviews.sql, 0051_feedback.sql) of both users.
    test_db().Exec("INSERT INTO postings (provider, external_id, title, content_hash, dedupe_key, simhash, "
                   "simhash_bands) VALUES ('t', '1', 'T', repeat('0', 64), 'k', 0, '{}')");
    for (int64_t user : {a_, b_}) {
      const std::string id = std::to_string(user);
      test_db().Exec("INSERT INTO reviews (user_id, posting_id, score, comment) SELECT " + id +
                     ", id, 3, 'secret of " + id + "' FROM postings");
      test_db().Exec("INSERT INTO learned_profiles (user_id, vector) VALUES (" + id + ", '{1,2}')");
      test_db().Exec("INSERT INTO feedback_rules (user_id, kind) VALUES (" + id + ", 'agency')");
      // LLM scoring runs, scores and spend (0040_llm.sql).
      test_db().Exec("INSERT INTO scoring_runs (user_id, engine, profile_version, requested_limit) VALUES (" + id +
                     ", 'llm', 1, 5)");
      test_db().Exec("INSERT INTO llm_scores (user_id, posting_id, profile_version, model, prompt_version, score) "
                     "SELECT " + id + ", id, 1, 'm', 'score-v1', 5 FROM postings");
      test_db().Exec("INSERT INTO llm_usage (user_id, day, cost) VALUES (" + id + ", llm_today(), 0.5)");
      // The learned ranker's per-user models (0052_ranker.sql).
      test_db().Exec("INSERT INTO ranker_user_models (user_id, model_version, model, ratings_used) VALUES (" + id +
                     ", 'v', '{}', 1)");
      // The reasons an LLM found in the review's comment (0053_comment_reasons.sql).
      test_db().Exec("INSERT INTO review_reasons (user_id, posting_id, comment, reasons, model, prompt_version) "
                     "SELECT " + id + ", id, 'secret of " + id + "', '[\"agency\"]', 'm', 'v' FROM postings");
    }
  }

  // Runs `sql` as user B (the API role with B's id) and returns the first column of each row.
  absl::StatusOr<std::vector<std::string>> AsB(const std::string& sql) {
    std::vector<std::string> values;
    absl::Status status = store::RunTransaction(db(), AsUser(b_, "test.AsB"), [&](pqxx::work& tx) {
      for (const auto& row : tx.exec(sql)) values.push_back(row[0].is_null() ? "" : row[0].c_str());
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return values;
  }

  int64_t a_ = 0, b_ = 0;
  std::string a_token_hash_;
};

TEST_F(TenantIsolationTest, UserOwnedTablesAreAllCoveredAndUnderRls) {
  std::set<std::string> covered;
  for (const auto& [table, column] : UserOwnedTables()) covered.insert(table);
  auto rows = test_db().QueryRows(
      "SELECT c.table_name FROM information_schema.columns c "
      "JOIN information_schema.tables t USING (table_schema, table_name) "
      "WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'");
  for (const auto& row : rows) {
    EXPECT_TRUE(covered.count(row[0])) << "user-owned table " << row[0] << " is not in UserOwnedTables()";
  }
  for (const auto& table : covered) {
    EXPECT_EQ(test_db().QueryValue("SELECT relrowsecurity::text FROM pg_class WHERE relname = '" + table + "'"),
              "true")
        << table << " has no row-level security";
  }
}

TEST_F(TenantIsolationTest, BuggyQueriesWithoutAUserFilterSeeOnlyTheCallersRows) {
  for (const auto& [table, column] : UserOwnedTables()) {
    // Forgetting the WHERE clause entirely: B must see no row of A.
    auto owners = AsB("SELECT " + column + "::text FROM " + table);
    if (!owners.ok()) {
      // No read privilege at all is isolation too (password_resets).
      EXPECT_TRUE(absl::IsPermissionDenied(owners.status()) ||
                  owners.status().message().find("permission denied") != std::string::npos)
          << table << ": " << owners.status();
      continue;
    }
    for (const auto& owner : *owners) EXPECT_EQ(owner, std::to_string(b_)) << table;
    // Asking for A's rows explicitly finds nothing either.
    auto a_rows = AsB("SELECT 1 FROM " + table + " WHERE " + column + " = " + std::to_string(a_));
    ASSERT_TRUE(a_rows.ok()) << table;
    EXPECT_TRUE(a_rows->empty()) << table << " leaks A's rows to B";
  }
}

TEST_F(TenantIsolationTest, BuggyWritesCannotChangeOrDeleteTheOtherUsersRows) {
  std::string a_profile_before = *test_db().QueryValue("SELECT data::text FROM profiles WHERE user_id = " + std::to_string(a_));
  // UPDATE without a filter touches B's row only (or is refused).
  (void)AsB("UPDATE profiles SET data = '{\"job_titles\": [\"hacked\"]}' RETURNING user_id::text");
  (void)AsB("UPDATE profiles SET data = '{}' WHERE user_id = " + std::to_string(a_) + " RETURNING 1");
  (void)AsB("UPDATE sessions SET revoked_at = now() RETURNING user_id::text");
  for (const auto& [table, column] : UserOwnedTables()) {
    (void)AsB("DELETE FROM " + table + " RETURNING 1");
    (void)AsB("INSERT INTO " + table + " (" + column + ") VALUES (" + std::to_string(a_) + ") RETURNING 1");
  }
  EXPECT_EQ(test_db().QueryValue("SELECT data::text FROM profiles WHERE user_id = " + std::to_string(a_)),
            a_profile_before);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(a_) +
                               " AND revoked_at IS NULL"),
            1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM profile_versions WHERE user_id = " + std::to_string(a_)), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM users"), 2);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM password_resets"), 1);
  (void)AsB("UPDATE reviews SET score = 10, comment = 'hacked' RETURNING 1");
  (void)AsB("UPDATE feedback_rules SET state = 'accepted' RETURNING 1");
  (void)AsB("UPDATE learned_profiles SET vector = '{9}' RETURNING 1");
  (void)AsB("UPDATE scoring_runs SET state = 'cancelled', finished_at = now() RETURNING 1");
  for (const std::string table : {"reviews", "learned_profiles", "feedback_rules", "scoring_runs", "llm_scores",
                                  "llm_usage", "review_reasons"}) {
    EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM " + table + " WHERE user_id = " + std::to_string(a_)), 1)
        << table;
  }
  EXPECT_EQ(test_db().QueryValue("SELECT comment || score FROM reviews WHERE user_id = " + std::to_string(a_)),
            "secret of " + std::to_string(a_) + "3");
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM feedback_rules WHERE user_id = " + std::to_string(a_)), "proposed");
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM scoring_runs WHERE user_id = " + std::to_string(a_)), "queued");
  // Inserting a profile row in A's name is refused by WITH CHECK.
  auto forged = AsB("INSERT INTO profiles (user_id, version, data) VALUES (" + std::to_string(a_) +
                    ", 9, '{}') RETURNING 1");
  EXPECT_FALSE(forged.ok());
}

TEST_F(TenantIsolationTest, SqlFunctionsActOnlyOnTheCaller) {
  auto profile = AsB("SELECT data->'job_titles'->>0 FROM profile_get()");
  ASSERT_TRUE(profile.ok()) << profile.status();
  EXPECT_EQ(*profile, std::vector<std::string>{"B"});
  auto me = AsB("SELECT id::text FROM me()");
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(*me, std::vector<std::string>{std::to_string(b_)});
  // B cannot revoke A's session even knowing its token hash.
  auto revoked = AsB("SELECT session_revoke('" + a_token_hash_ + "')::text");
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(*revoked, std::vector<std::string>{"false"});
  // profile_put writes the caller's profile, never A's.
  ASSERT_TRUE(AsB("SELECT profile_put('{\"job_titles\": [\"B2\"]}')::text").ok());
  EXPECT_EQ(test_db().QueryInt("SELECT version FROM profiles WHERE user_id = " + std::to_string(a_)), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT version FROM profiles WHERE user_id = " + std::to_string(b_)), 2);
  // The review, learned-profile and rule functions act on B's rows only.
  auto listed = AsB("SELECT user_id::text FROM reviews_list(NULL, NULL, 100)");
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(*listed, std::vector<std::string>{std::to_string(b_)});
  ASSERT_TRUE(AsB("SELECT review_delete(id)::text FROM postings").ok());
  ASSERT_TRUE(AsB("SELECT learned_profile_reset()::text").ok());
  ASSERT_TRUE(AsB("SELECT feedback_rule_decide(id, '{proposed}', 'accepted')::text FROM feedback_rules").ok());
  auto decided = AsB("SELECT feedback_rule_decide(" +
                     *test_db().QueryValue("SELECT id FROM feedback_rules WHERE user_id = " + std::to_string(a_)) +
                     ", '{proposed}', 'rejected')::text");
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(*decided, std::vector<std::string>{"false"});
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM reviews"), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT user_id FROM reviews"), a_);
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM feedback_rules WHERE user_id = " + std::to_string(a_)), "proposed");
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM feedback_rules WHERE user_id = " + std::to_string(b_)), "accepted");
  EXPECT_EQ(test_db().QueryValue("SELECT array_length(vector, 1)::text FROM learned_profiles WHERE user_id = " +
                                 std::to_string(a_)),
            "2");
  // The password hash is not readable by the API role, even for the caller's own row.
  EXPECT_FALSE(AsB("SELECT password_hash FROM users").ok());
  // Without a user id in the transaction, the API role sees nothing.
  std::vector<std::string> anonymous;
  ASSERT_TRUE(store::RunTransaction(db(), store::AsAnonymous("test.anon"), [&](pqxx::work& tx) {
    for (const auto& row : tx.exec("SELECT user_id FROM profiles")) anonymous.push_back(row[0].c_str());
    return absl::OkStatus();
  }).ok());
  EXPECT_TRUE(anonymous.empty());
}

TEST_F(TenantIsolationTest, DefinerFunctionsAreNotCallableByPublic) {
  // A role that is neither the owner nor the API role must not reach the auth_* functions.
  test_db().Exec("DO $$ BEGIN CREATE ROLE jobrec_test_outsider NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  absl::Status status = store::RunTransaction(db(), {.name = "outsider", .role = "jobrec_test_outsider"},
                                              [&](pqxx::work& tx) {
                                                tx.exec("SELECT * FROM auth_login_lookup('a@example.org')");
                                                return absl::OkStatus();
                                              });
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace jobrec
