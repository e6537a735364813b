// The local provisioner with /bin/sh scripts standing in for `jobrec worker`.
#include "jobrec/tasks/local_provisioner.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

using std::chrono::milliseconds;

// A worker that drains on SIGTERM (exit 0) and otherwise runs until killed.
constexpr char kDrains[] = "trap 'exit 0' TERM; while :; do sleep 0.02; done";

template <typename Condition>
bool WaitFor(Condition condition, milliseconds timeout = milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(milliseconds(10));
  }
  return true;
}

class LocalProvisionerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/local_provisioner_test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::unique_ptr<LocalProvisioner> Make(const std::string& script, milliseconds min_healthy_uptime = milliseconds(0),
                                         milliseconds grace = milliseconds(5000)) {
    auto provisioner = LocalProvisioner::Create({.binary = "/bin/sh",
                                                 .args = {"-c", script},
                                                 .environment = std::vector<std::string>{"PATH=/usr/bin:/bin"},
                                                 .output_path = dir_ + "/out.log",
                                                 .stop_grace = grace,
                                                 .min_healthy_uptime = min_healthy_uptime,
                                                 .supervise_interval = milliseconds(10)});
    EXPECT_TRUE(provisioner.ok()) << provisioner.status();
    return provisioner.ok() ? std::move(provisioner).value() : nullptr;
  }
  static std::vector<ProvisionedWorker> List(LocalProvisioner& p) {
    auto listed = p.List();
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<ProvisionedWorker>{};
  }
  static int Running(LocalProvisioner& p) {
    int n = 0;
    for (const auto& w : List(p)) n += w.phase != ProvisionedWorker::Phase::kStopping;
    return n;
  }
  std::string Output() const {
    std::ifstream in(dir_ + "/out.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
};

TEST_F(LocalProvisionerTest, StartsChildrenWithTheConfiguredEnvironment) {
  auto p = Make(std::string("echo provider=$JOBREC_WORKER_PROVIDER; ") + kDrains);
  auto started = p->Start(3);
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_EQ(started->size(), 3u);
  for (const auto& w : *started) {
    EXPECT_EQ(w.provider, "local");
    EXPECT_GT(std::stoi(w.id), 0);
    EXPECT_FALSE(w.host.empty());
  }
  EXPECT_EQ(Running(*p), 3);
  ASSERT_TRUE(WaitFor([&] {
    std::string out = Output();
    size_t n = 0;
    for (size_t pos = 0; (pos = out.find("provider=local\n", pos)) != std::string::npos; ++pos) ++n;
    return n == 3;
  })) << Output();
}

TEST_F(LocalProvisionerTest, StopDrainsAndForgetsTheChild) {
  auto p = Make(kDrains);
  auto started = p->Start(2);
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(p->Stop((*started)[0].id).ok());
  ASSERT_TRUE(p->Stop((*started)[0].id).ok());  // idempotent while it drains
  ASSERT_TRUE(WaitFor([&] { return List(*p).size() == 1; }));
  EXPECT_EQ(List(*p)[0].id, (*started)[1].id);
  EXPECT_EQ(p->restarts(), 0);
}

TEST_F(LocalProvisionerTest, RestartsACrashedChildButNotACleanExit) {
  auto p = Make(kDrains);
  auto started = p->Start(1);
  ASSERT_TRUE(started.ok());
  const pid_t first = std::stoi((*started)[0].id);
  ASSERT_EQ(kill(first, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return p->restarts() == 1 && Running(*p) == 1; }));
  EXPECT_NE(List(*p)[0].id, std::to_string(first));

  auto clean = Make("exit 0");
  ASSERT_TRUE(clean->Start(2).ok());
  ASSERT_TRUE(WaitFor([&] { return List(*clean).empty(); }));
  EXPECT_EQ(clean->restarts(), 0);
}

TEST_F(LocalProvisionerTest, AChildFailingAtStartIsLeftToTheAutoscaler) {
  auto p = Make("exit 2", milliseconds(60'000));
  ASSERT_TRUE(p->Start(1).ok());
  ASSERT_TRUE(WaitFor([&] { return List(*p).empty(); }));
  EXPECT_EQ(p->restarts(), 0);
}

TEST_F(LocalProvisionerTest, KillsAChildThatDoesNotDrainWithinTheGrace) {
  auto p = Make("trap '' TERM; echo ready; while :; do sleep 0.02; done", milliseconds(0), milliseconds(200));
  auto started = p->Start(1);
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(WaitFor([&] { return Output() == "ready\n"; }));  // SIGTERM is ignored from here on
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(p->Stop((*started)[0].id).ok());
  EXPECT_EQ(List(*p)[0].phase, ProvisionedWorker::Phase::kStopping);
  ASSERT_TRUE(WaitFor([&] { return List(*p).empty(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(200));
  EXPECT_EQ(p->restarts(), 0);  // it was asked to stop
}

TEST_F(LocalProvisionerTest, DestructionDrainsEveryChild) {
  std::vector<pid_t> pids;
  {
    auto p = Make(kDrains);
    auto started = p->Start(2);
    ASSERT_TRUE(started.ok());
    for (const auto& w : *started) pids.push_back(std::stoi(w.id));
  }
  for (pid_t pid : pids) EXPECT_NE(kill(pid, 0), 0) << pid << " still exists";
}

TEST_F(LocalProvisionerTest, RejectsWrongUsage) {
  auto missing = LocalProvisioner::Create({.binary = dir_ + "/no-such-binary"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  auto bad_env = LocalProvisioner::Create({.binary = "/bin/sh", .extra_environment = {"NOEQUALS"}});
  EXPECT_EQ(bad_env.status().code(), absl::StatusCode::kInvalidArgument);
  auto bad_grace = LocalProvisioner::Create({.binary = "/bin/sh", .stop_grace = milliseconds(0)});
  EXPECT_EQ(bad_grace.status().code(), absl::StatusCode::kInvalidArgument);

  auto p = Make(kDrains);
  EXPECT_EQ(p->Start(0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p->Stop("12x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p->Stop("-3").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p->Stop("999999").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(p->Reconcile().ok());
}

}  // namespace
}  // namespace jobrec::tasks
