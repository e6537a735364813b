// The embedded PostgreSQL through `jobrec db ...` and EmbeddedPostgres: first start, reuse,
// stop, restart, sharing between processes, and recovery after the postmaster is killed.
// Each test initialises a cluster in a temporary state folder (a few seconds).
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "jobrec/store/database.h"
#include "jobrec/store/embedded_postgres.h"
#include "jobrec/store/sql_transaction.h"
#include "tests/support/child_process.h"

namespace jobrec::store {
namespace {

class EmbeddedPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // mkdtemp makes it 0700: as root this exercises making the path traversable for the
    // cluster's account, the way CI checkouts under `mktemp -d` need it.
    char path[] = "/tmp/jobrec-embedded-XXXXXX";
    ASSERT_NE(mkdtemp(path), nullptr);
    state_dir_ = path;
  }
  void TearDown() override {
    Db({"stop"});
    std::filesystem::remove_all(state_dir_);
  }
  testing::RunResult Db(const std::vector<std::string>& args, std::vector<std::string> env = {}) {
    std::vector<std::string> full = {"db"};
    full.insert(full.end(), args.begin(), args.end());
    env.push_back("JOBREC_STATE_DIR=" + state_dir_);
    env.push_back("JOBREC_LOG_FORMAT=json");
    return testing::RunJobrec(full, env);
  }
  std::string Url() {
    auto url = Db({"url"});
    EXPECT_EQ(url.exit_code, 0) << url.output;
    return url.output.substr(0, url.output.find('\n'));
  }
  int PostmasterPid() {
    std::ifstream in(state_dir_ + "/postgres/data/postmaster.pid");
    int pid = 0;
    in >> pid;
    return pid;
  }
  // Runs SQL on the embedded database; returns the first value.
  std::string Query(const std::string& url, const std::string& sql) {
    auto db = Database::Open({.url = url, .pool_size = 1});
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return "";
    std::string value;
    absl::Status status = RunTransaction(**db, {.name = "test"}, [&](pqxx::work& tx) {
      auto rows = tx.exec(sql);
      if (!rows.empty() && !rows[0][0].is_null()) value = rows[0][0].as<std::string>();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return value;
  }
  EmbeddedPostgresOptions Options() const { return {.state_dir = state_dir_}; }

  std::string state_dir_;
};

TEST_F(EmbeddedPostgresTest, StartsStopsRestartsAndIsShared) {
  auto before = Db({"status"});
  EXPECT_EQ(before.exit_code, 3) << before.output;
  EXPECT_NE(before.output.find("not initialised"), std::string::npos) << before.output;
  EXPECT_EQ(Db({"url"}).exit_code, 1);

  // Two processes starting a fresh cluster at once: one initialises and starts it, the other
  // waits and reuses it.
  std::vector<std::unique_ptr<testing::ChildProcess>> starters;
  for (int i = 0; i < 2; ++i) {
    starters.push_back(std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{testing::JobrecBinary(), "db", "start"},
        std::vector<std::string>{"JOBREC_STATE_DIR=" + state_dir_, "JOBREC_LOG_FORMAT=json"}));
  }
  std::string outputs;
  for (auto& starter : starters) {
    EXPECT_EQ(starter->Wait(std::chrono::seconds(60)), std::optional<int>(0)) << starter->Output();
    outputs += starter->Output();
  }
  EXPECT_NE(outputs.find("started postgresql:///jobrec?host="), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("already running postgresql:///jobrec?host="), std::string::npos) << outputs;
  if (geteuid() == 0) {
    EXPECT_NE(outputs.find("store.dir_made_traversable"), std::string::npos) << outputs;
  }
  const std::string url = Url();
  EXPECT_NE(outputs.find(url), std::string::npos);
  auto running = Db({"status"});
  EXPECT_EQ(running.exit_code, 0) << running.output;
  EXPECT_NE(running.output.find("running (pid " + std::to_string(PostmasterPid()) + ")"), std::string::npos)
      << running.output;
  EXPECT_EQ(Query(url, "SELECT current_database()"), "jobrec");
  EXPECT_EQ(Query(url, "SHOW listen_addresses"), "");  // Unix socket only
  Query(url, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)");

  ASSERT_EQ(Db({"stop"}).exit_code, 0);
  auto stopped = Db({"status"});
  EXPECT_EQ(stopped.exit_code, 3) << stopped.output;
  EXPECT_EQ(Db({"stop"}).exit_code, 0);  // stopping a stopped cluster is fine

  ASSERT_EQ(Db({"start"}).exit_code, 0);
  EXPECT_EQ(Url(), url);  // the port was kept
  EXPECT_EQ(Query(url, "SELECT x FROM kept"), "42");
  ASSERT_EQ(Db({"stop"}).exit_code, 0);

  // Two users: the one that started it leaves it running while the other still uses it.
  auto first = EmbeddedPostgres::Start(Options());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE((*first)->started_here());
  auto second = EmbeddedPostgres::Start(Options());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE((*second)->started_here());
  first->reset();
  EXPECT_EQ(EmbeddedPostgres::Inspect(Options())->state, ClusterState::kRunning);
  second->reset();
  EXPECT_EQ(EmbeddedPostgres::Inspect(Options())->state, ClusterState::kRunning);
  ASSERT_TRUE(EmbeddedPostgres::Stop(Options()).ok());
  // Alone, the starter stops it on the way out.
  auto alone = EmbeddedPostgres::Start(Options());
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_TRUE((*alone)->started_here());
  alone->reset();
  EXPECT_EQ(EmbeddedPostgres::Inspect(Options())->state, ClusterState::kStopped);
}

TEST_F(EmbeddedPostgresTest, RecoversAfterThePostmasterIsKilledAndFromAReusedPid) {
  ASSERT_EQ(Db({"start"}).exit_code, 0);
  const std::string url = Url();
  Query(url, "CREATE TABLE survived (x int); INSERT INTO survived VALUES (7)");
  const int pid = PostmasterPid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_TRUE(testing::WaitUntil([&] { return Db({"status"}).exit_code == 3; }, std::chrono::seconds(10)));
  EXPECT_TRUE(std::filesystem::exists(state_dir_ + "/postgres/data/postmaster.pid"));  // left behind

  auto restarted = Db({"start"});
  ASSERT_EQ(restarted.exit_code, 0) << restarted.output;
  EXPECT_NE(restarted.output.find("started"), std::string::npos) << restarted.output;
  EXPECT_EQ(Query(url, "SELECT x FROM survived"), "7");
  ASSERT_EQ(Db({"stop"}).exit_code, 0);

  // A postmaster.pid naming a live process that is not our server (its pid was reused).
  testing::ChildProcess impostor({"/bin/sleep", "60"}, {});
  {
    std::ofstream pid_file(state_dir_ + "/postgres/data/postmaster.pid");
    pid_file << impostor.pid() << "\n" << state_dir_ << "/postgres/data\n";
  }
  EXPECT_EQ(Db({"status"}).exit_code, 3);
  auto started = Db({"start"});
  ASSERT_EQ(started.exit_code, 0) << started.output;
  EXPECT_NE(started.output.find("embedded_postgres.stale_file_removed"), std::string::npos) << started.output;
  EXPECT_EQ(Query(url, "SELECT x FROM survived"), "7");
}

TEST_F(EmbeddedPostgresTest, DbCommandsRefuseWhenADatabaseUrlIsConfigured) {
  auto result = Db({"start"}, {"JOBREC_DATABASE_URL=postgresql://elsewhere/db"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("database.url is set"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(state_dir_ + "/postgres"));
}

}  // namespace
}  // namespace jobrec::store
