// The `jobrec serve` process as an operator sees it: with no database configured it starts
// its own PostgreSQL, answers /readyz, exits 0 on SIGTERM leaving no PostgreSQL behind, and
// after a kill -9 a new start recovers the cluster.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>
#include <httplib.h>

#include "support/child_process.h"

namespace jobrec {
namespace {

using std::chrono::seconds;
using testing::ChildProcess;
using testing::JobrecBinary;
using testing::RunJobrec;
using testing::WaitUntil;

class ServeLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Not below /tmp's per-test dirs of gtest: the cluster's OS user must be able to enter it.
    char pattern[] = "/tmp/jobrec-serve-test.XXXXXX";
    state_dir_ = mkdtemp(pattern);
    std::filesystem::permissions(state_dir_, std::filesystem::perms::owner_all |
                                                 std::filesystem::perms::group_exec |
                                                 std::filesystem::perms::others_exec);
  }
  void TearDown() override {
    RunJobrec({"db", "stop"}, Env());
    std::filesystem::remove_all(state_dir_);
  }

  std::vector<std::string> Env() const {
    return {"JOBREC_STATE_DIR=" + state_dir_, "JOBREC_AUTOSCALER_ENABLED=false", "JOBREC_LOG_FORMAT=json",
            "JOBREC_TASKS_INPROCESS_WORKERS=1"};
  }

  // Starts serve on a free port and returns its port once /readyz answers 200 (0 on failure).
  int StartAndWaitReady(std::unique_ptr<ChildProcess>& serve) {
    serve = std::make_unique<ChildProcess>(std::vector<std::string>{JobrecBinary(), "serve", "--port", "0"}, Env());
    if (!serve->WaitForOutput("\"server_listening\"", seconds(90))) return 0;
    std::smatch match;
    std::string output = serve->Output();
    if (!std::regex_search(output, match, std::regex("\"server_listening\"[^\\n]*\"port\":(\\d+)"))) return 0;
    int port = std::stoi(match[1]);
    httplib::Client client("127.0.0.1", port);
    bool ready = WaitUntil([&] {
      auto response = client.Get("/readyz");
      return response && response->status == 200;
    }, seconds(60));
    return ready ? port : 0;
  }

  bool PostgresRunning() { return RunJobrec({"db", "status"}, Env()).exit_code == 0; }

  std::string state_dir_;
};

TEST_F(ServeLifecycleTest, SigtermExitsZeroAndStopsTheEmbeddedDatabase) {
  std::unique_ptr<ChildProcess> serve;
  int port = StartAndWaitReady(serve);
  ASSERT_NE(port, 0) << serve->Output();
  EXPECT_TRUE(PostgresRunning());
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("jobrec_db_pool_capacity"), std::string::npos);

  serve->Signal(SIGTERM);
  EXPECT_EQ(serve->Wait(seconds(30)), 0) << serve->Output();
  EXPECT_FALSE(PostgresRunning()) << "serve left its PostgreSQL running";
}

TEST_F(ServeLifecycleTest, ANewStartAfterKillNineRecoversTheCluster) {
  std::unique_ptr<ChildProcess> serve;
  ASSERT_NE(StartAndWaitReady(serve), 0) << serve->Output();
  serve->Signal(SIGKILL);
  ASSERT_TRUE(serve->Wait(seconds(10)).has_value());

  std::unique_ptr<ChildProcess> again;
  int port = StartAndWaitReady(again);
  ASSERT_NE(port, 0) << again->Output();
  again->Signal(SIGTERM);
  EXPECT_EQ(again->Wait(seconds(30)), 0) << again->Output();
}

TEST_F(ServeLifecycleTest, BadConfigurationStopsStartUpNamingTheKey) {
  auto env = Env();
  env.push_back("JOBREC_SERVER_THREADS=0");
  auto result = RunJobrec({"serve"}, env);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("server.threads"), std::string::npos) << result.output;
  auto unknown = RunJobrec({"serve"}, {"JOBREC_STATE_DIR=" + state_dir_, "JOBREC_SERVR_PORT=1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("JOBREC_SERVR_PORT"), std::string::npos) << unknown.output;
  EXPECT_EQ(RunJobrec({"serve", "--port", "70000"}, Env()).exit_code, 2);
}

}  // namespace
}  // namespace jobrec
