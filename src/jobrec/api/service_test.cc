#include "jobrec/api/service.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <pthread.h>

#include <future>
#include <latch>
#include <mutex>
#include <thread>

#include "jobrec/api/test_http.h"

namespace jobrec::api {
namespace {

// Records the order in which components start and stop and requests finish.
class Journal {
 public:
  void Add(std::string event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }
  std::vector<std::string> events() {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> events_;
};

BackgroundComponent Component(Journal& journal, std::string name, absl::Status start_result = absl::OkStatus(),
                              absl::Status stop_result = absl::OkStatus()) {
  return BackgroundComponent{
      .name = name,
      .start = [&journal, name, start_result] {
        journal.Add("start " + name);
        return start_result;
      },
      .stop = [&journal, name, stop_result] {
        journal.Add("stop " + name);
        return stop_result;
      }};
}

ServerOptions TestOptions() {
  ServerOptions options;
  options.port = 0;
  options.threads = 4;
  options.keep_alive_timeout = std::chrono::seconds(1);
  options.web_root = "/nonexistent-jobrec-web-root";
  return options;
}

TEST(ServiceTest, StartsComponentsInOrderAndStopsThemInReverse) {
  Journal journal;
  ServeHooks hooks;
  hooks.components = {Component(journal, "database"), Component(journal, "workers")};
  hooks.add_routes = [](Router& router) {
    router.Get("/api/v1/ping", [](const Request&) -> absl::StatusOr<Response> { return Response::Json({{"pong", 1}}); });
  };
  hooks.metrics_collectors = {[](std::vector<GaugeSample>& out) {
    out.push_back({.name = "jobrec_task_queue_depth", .value = 7});
  }};
  auto service = Service::Start(TestOptions(), std::move(hooks));
  ASSERT_TRUE(service.ok()) << service.status();
  httplib::Client client("127.0.0.1", (*service)->port());
  auto ping = client.Get("/api/v1/ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << "no readiness check: ready when up";
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("jobrec_task_queue_depth 7"), std::string::npos);
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 503);
  EXPECT_NE(page->body.find("not built"), std::string::npos);

  EXPECT_TRUE((*service)->Shutdown().ok());
  EXPECT_TRUE((*service)->Shutdown().ok()) << "idempotent";
  EXPECT_EQ(journal.events(), (std::vector<std::string>{"start database", "start workers",
                                                        "stop workers", "stop database"}));
}

TEST(ServiceTest, FailedStartStopsWhatAlreadyStarted) {
  Journal journal;
  ServeHooks hooks;
  hooks.components = {Component(journal, "database"),
                      Component(journal, "workers", absl::FailedPreconditionError("no model file")),
                      Component(journal, "never")};
  auto service = Service::Start(TestOptions(), std::move(hooks));
  ASSERT_FALSE(service.ok());
  EXPECT_EQ(service.status().message(), "workers: no model file");
  EXPECT_EQ(journal.events(),
            (std::vector<std::string>{"start database", "start workers", "stop database"}));
}

TEST(ServiceTest, ServerBindFailureStopsComponents) {
  Journal journal;
  auto blocker = Service::Start(TestOptions(), {});
  ASSERT_TRUE(blocker.ok());
  ServerOptions options = TestOptions();
  options.port = (*blocker)->port();
  ServeHooks hooks;
  hooks.components = {Component(journal, "database")};
  auto service = Service::Start(options, std::move(hooks));
  ASSERT_FALSE(service.ok());
  EXPECT_TRUE(absl::IsUnavailable(service.status()));
  EXPECT_EQ(journal.events(), (std::vector<std::string>{"start database", "stop database"}));
}

TEST(ServiceTest, StopFailureIsReportedAfterStoppingEverything) {
  Journal journal;
  ServeHooks hooks;
  hooks.components = {Component(journal, "database"),
                      Component(journal, "workers", absl::OkStatus(), absl::DeadlineExceededError("task still running"))};
  auto service = Service::Start(TestOptions(), std::move(hooks));
  ASSERT_TRUE(service.ok());
  absl::Status status = (*service)->Shutdown();
  EXPECT_EQ(status.message(), "workers: task still running");
  EXPECT_EQ(journal.events().back(), "stop database");
}

// The `jobrec serve` flow: SIGTERM while a request is in flight. The request completes, then
// the components stop, then ServeUntilSignal returns OK.
TEST(ServeUntilSignalTest, SigtermDrainsThenStopsComponents) {
  SignalWaiter signals;  // blocks SIGTERM here and in every thread started below
  Journal journal;
  std::latch entered(1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ServeHooks hooks;
  hooks.components = {Component(journal, "database"), Component(journal, "workers")};
  hooks.add_routes = [&](Router& router) {
    router.Get("/api/v1/slow", [&](const Request&) -> absl::StatusOr<Response> {
      entered.count_down();
      released.wait();
      journal.Add("request done");
      return Response::Json({{"ok", true}});
    });
  };
  std::promise<int> port;
  absl::Status result = absl::UnknownError("not finished");
  std::thread serve([&] {
    result = ServeUntilSignal(TestOptions(), std::move(hooks), signals,
                              [&port](int bound) { port.set_value(bound); });
  });
  int bound_port = port.get_future().get();
  int status = -1;
  std::thread request([&] {
    httplib::Client client("127.0.0.1", bound_port);
    if (auto response = client.Get("/api/v1/slow")) status = response->status;
  });
  entered.wait();
  ASSERT_EQ(pthread_kill(serve.native_handle(), SIGTERM), 0);
  // Stopping has begun once new connections are refused; the request is still running.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (testing::StatusOf(testing::RawHttp(bound_port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")) != -1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  release.set_value();
  request.join();
  serve.join();
  EXPECT_TRUE(result.ok()) << result;
  EXPECT_EQ(status, 200);
  EXPECT_EQ(journal.events(), (std::vector<std::string>{"start database", "start workers", "request done",
                                                        "stop workers", "stop database"}));
}

TEST(SignalWaiterTest, ReturnsTheSignalNumber) {
  SignalWaiter signals;
  ASSERT_EQ(raise(SIGINT), 0);  // pending: blocked in this thread
  EXPECT_EQ(signals.Wait(), SIGINT);
}

}  // namespace
}  // namespace jobrec::api
