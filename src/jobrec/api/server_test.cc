// The server over real sockets on 127.0.0.1 with an ephemeral port.
#include "jobrec/api/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <future>
#include <latch>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "jobrec/api/builtin_routes.h"
#include "jobrec/api/test_http.h"
#include "jobrec/common/log.h"
#include "jobrec/common/status.h"

namespace jobrec::api {
namespace {

using nlohmann::json;
using testing::BodyOf;
using testing::RawHttp;
using testing::StatusOf;

constexpr char kSecret[] = "TOP-SECRET-CONTENT";

bool CanConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_path_ = dir_.path() + "/log.jsonl";
    log::InitToFile(log_path_, log::Format::kJson, log::Level::kDebug);
    dir_.Write("dist/index.html", "<!doctype html><title>jobrec</title>");
    dir_.Write("dist/assets/app-1a2b.js", "console.log(1)");
    dir_.Write("secret.txt", kSecret);

    auto router = std::make_shared<Router>();
    AddProbeRoutes(*router, [this]() -> absl::Status {
      return ready_ ? absl::OkStatus() : absl::UnavailableError("database is starting");
    });
    metrics_ = std::make_shared<Metrics>();
    AddMetricsRoute(*router, metrics_);
    router->Post("/api/v1/echo", [](const Request& request) -> absl::StatusOr<Response> {
      JOBREC_ASSIGN_OR_RETURN(json body, request.JsonBody());
      return Response::Json({{"got", body}, {"request_id", request.request_id}});
    });
    router->Get("/api/v1/items/{id}", [](const Request& request) -> absl::StatusOr<Response> {
      log::Info("handler_ran");
      return Response::Json({{"id", request.PathParam("id")}});
    });
    router->Get("/api/v1/boom", [](const Request&) -> absl::StatusOr<Response> {
      throw std::runtime_error(std::string("password=") + kSecret);
    });
    router->Post("/api/v1/login", [](const Request&) -> absl::StatusOr<Response> {
      return Response::Empty().SetCookie({.name = "session", .value = "abc"});
    });
    router->Get("/api/v1/slow", [this](const Request&) -> absl::StatusOr<Response> {
      slow_entered_.count_down();
      release_slow_.wait();
      return Response::Json({{"slow", true}});
    });
    AddWebAppFallback(*router, dir_.path() + "/dist");

    options_.port = 0;
    options_.threads = 4;
    options_.max_body_bytes = 1024;
    options_.keep_alive_timeout = std::chrono::seconds(1);
    options_.read_timeout = std::chrono::seconds(5);
    auto server = Server::Start(options_, router, metrics_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    release_promise_.set_value();
    server_->Stop();
    log::Init(log::Format::kAuto, log::Level::kInfo);
  }

  // Stops the server (so every access-log line is written) and returns the log lines.
  std::vector<json> StopAndReadLog() {
    server_->Stop();
    std::vector<json> lines;
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
  }

  std::string RawLog() const {
    std::ifstream in(log_path_);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

  testing::TempDir dir_;
  std::string log_path_;
  std::atomic<bool> ready_{false};
  std::latch slow_entered_{1};
  std::promise<void> release_promise_;
  std::shared_future<void> release_slow_ = release_promise_.get_future().share();
  ServerOptions options_;
  std::shared_ptr<Metrics> metrics_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

json JsonOf(const httplib::Result& result) { return json::parse(result->body); }

TEST_F(ServerTest, GeneratesRequestIdWhenAbsent) {
  auto result = client_->Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(JsonOf(result)["status"], "ok");
  EXPECT_TRUE(std::regex_match(result->get_header_value("X-Request-Id"), std::regex("[0-9a-f]{32}")));
}

TEST_F(ServerTest, EchoesValidRequestId) {
  auto result = client_->Post("/api/v1/echo", {{"X-Request-Id", "lb-7f3a.9_x"}}, "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("X-Request-Id"), "lb-7f3a.9_x");
  EXPECT_EQ(JsonOf(result)["request_id"], "lb-7f3a.9_x");
}

TEST_F(ServerTest, ReplacesMalformedRequestId) {
  for (const std::string& bad : {std::string(65, 'a'), std::string("a b"), std::string("<script>"),
                                std::string("x;y")}) {
    auto result = client_->Get("/healthz", {{"X-Request-Id", bad}});
    ASSERT_TRUE(result);
    std::string id = result->get_header_value("X-Request-Id");
    EXPECT_NE(id, bad);
    EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}"))) << id;
  }
}

TEST_F(ServerTest, UnknownRouteAndWrongMethodAreJson) {
  auto missing = client_->Get("/api/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(JsonOf(missing)["error"]["code"], "not_found");

  auto wrong = client_->Delete("/api/v1/echo");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "POST");
  EXPECT_EQ(JsonOf(wrong)["error"]["code"], "method_not_allowed");
}

TEST_F(ServerTest, MalformedJsonIs400AndWrongContentTypeIs415) {
  auto bad = client_->Post("/api/v1/echo", R"({"a": )", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(JsonOf(bad)["error"]["code"], "invalid_json");
  EXPECT_NE(JsonOf(bad)["error"]["message"].get<std::string>().find("line 1"), std::string::npos);

  auto form = client_->Post("/api/v1/echo", "a=1", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(JsonOf(form)["error"]["code"], "unsupported_media_type");
}

TEST_F(ServerTest, OversizedBodyIs413JsonAndTheConnectionStaysUsable) {
  client_->set_keep_alive(true);
  auto big = client_->Post("/api/v1/echo", std::string(2000, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(JsonOf(big)["error"]["code"], "payload_too_large");
  EXPECT_FALSE(big->get_header_value("X-Request-Id").empty());
  auto next = client_->Post("/api/v1/echo", R"({"after": 1})", "application/json");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  auto just_fits = client_->Post("/api/v1/echo", R"({"a":")" + std::string(1000, 'x') + "\"}", "application/json");
  ASSERT_TRUE(just_fits);
  EXPECT_EQ(just_fits->status, 200);
}

TEST_F(ServerTest, ChunkedBodyIsRefusedNotBuffered) {
  std::string head =
      "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  std::string small = RawHttp(server_->port(), head + "2\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(StatusOf(small), 411) << small;
  EXPECT_EQ(json::parse(BodyOf(small).substr(0, BodyOf(small).find('}') + 2))["error"]["code"],
            "length_required");
  std::string chunk = std::string(1000, ' ');
  std::string body;
  for (int i = 0; i < 20; ++i) body += "3e8\r\n" + chunk + "\r\n";
  std::string large = RawHttp(server_->port(), head + body + "0\r\n\r\n");
  EXPECT_NE(StatusOf(large), 200) << "a 20 kB chunked body passed a 1 kB limit";
}

TEST_F(ServerTest, PostWithoutContentLengthHasAnEmptyBody) {
  auto start = std::chrono::steady_clock::now();
  std::string response = RawHttp(server_->port(),
                                 "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\n"
                                 "Content-Type: application/json\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_NE(response.find("request body is empty"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2))
      << "the server waited for a body that was never announced";
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  auto result = client_->Get("/api/v1/boom");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(JsonOf(result)["error"]["code"], "internal");
  EXPECT_EQ(result->body.find(kSecret), std::string::npos);
  for (const auto& [name, value] : result->headers) {
    EXPECT_EQ(value.find(kSecret), std::string::npos) << name;
  }
  auto lines = StopAndReadLog();
  bool logged = std::any_of(lines.begin(), lines.end(), [](const json& line) {
    return line["event"] == "handler_exception" && line["route"] == "/api/v1/boom";
  });
  EXPECT_TRUE(logged) << "the exception must be logged for operators";
}

TEST_F(ServerTest, MalformedRequestGetsJsonError) {
  std::string response = RawHttp(server_->port(), "BREW /pot HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_EQ(json::parse(BodyOf(response))["error"]["code"], "bad_request");
}

TEST_F(ServerTest, AccessLogHasRouteAndRequestIdButNoSecrets) {
  auto result = client_->Get("/api/v1/items/42?token=SECRETTOKEN",
                             {{"Authorization", "Bearer SECRETAUTH"}, {"Cookie", "session=SECRETCOOKIE"},
                              {"X-Request-Id", "req-1"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  std::string raw_before_stop;
  auto lines = StopAndReadLog();
  std::string raw = RawLog();
  for (const std::string secret : {"SECRETTOKEN", "SECRETAUTH", "SECRETCOOKIE", "/api/v1/items/42"}) {
    EXPECT_EQ(raw.find(secret), std::string::npos) << secret;
  }
  const json* access = nullptr;
  const json* handler = nullptr;
  for (const json& line : lines) {
    if (line["event"] == "http_request" && line["route"] == "/api/v1/items/{id}") access = &line;
    if (line["event"] == "handler_ran") handler = &line;
  }
  ASSERT_NE(access, nullptr) << raw;
  EXPECT_EQ((*access)["method"], "GET");
  EXPECT_EQ((*access)["status"], 200);
  EXPECT_EQ((*access)["request_id"], "req-1");
  EXPECT_TRUE((*access)["duration_ms"].is_number());
  EXPECT_EQ((*access)["bytes"], result->body.size());
  EXPECT_EQ((*access)["level"], "info");
  ASSERT_NE(handler, nullptr);
  EXPECT_EQ((*handler)["request_id"], "req-1") << "handler logs carry the request id";
}

TEST_F(ServerTest, ProbesAreLoggedAtDebug) {
  ASSERT_TRUE(client_->Get("/healthz"));
  auto lines = StopAndReadLog();
  auto it = std::find_if(lines.begin(), lines.end(),
                         [](const json& line) { return line["event"] == "http_request"; });
  ASSERT_NE(it, lines.end());
  EXPECT_EQ((*it)["route"], "/healthz");
  EXPECT_EQ((*it)["level"], "debug");
}

TEST_F(ServerTest, MetricsCountRequestsByPattern) {
  ASSERT_TRUE(client_->Get("/api/v1/items/1"));
  ASSERT_TRUE(client_->Get("/api/v1/items/2"));
  ASSERT_TRUE(client_->Post("/api/v1/echo", std::string(2000, ' '), "application/json"));
  ASSERT_TRUE(client_->Get("/api/v1/nothing"));
  // The access log (and metrics) are written after the response: wait for the last one.
  std::string text;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
       std::chrono::steady_clock::now() < deadline;) {
    auto result = client_->Get("/metrics");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->get_header_value("Content-Type"), kPrometheusContentType);
    text = result->body;
    if (text.find(R"(route="unmatched")") != std::string::npos) break;
  }
  EXPECT_NE(text.find(R"(jobrec_http_requests_total{method="GET",route="/api/v1/items/{id}",status="200"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_http_requests_total{method="POST",route="/api/v1/echo",status="413"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(jobrec_http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
            std::string::npos) << text;
  EXPECT_EQ(text.find("/api/v1/items/1\""), std::string::npos);
  EXPECT_NE(text.find("jobrec_http_request_duration_seconds_bucket{route=\"/api/v1/items/{id}\""),
            std::string::npos);
}

TEST_F(ServerTest, ReadinessFlips) {
  auto not_ready = client_->Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(JsonOf(not_ready)["reason"], "database is starting");
  ready_ = true;
  auto ready = client_->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(JsonOf(ready)["status"], "ready");
}

TEST_F(ServerTest, ServesTheWebAppWithHistoryFallback) {
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  auto page = client_->Get("/jobs/12/reviews");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body, index->body);
  auto asset = client_->Get("/assets/app-1a2b.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->body, "console.log(1)");
  EXPECT_EQ(asset->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto head = client_->Head("/assets/app-1a2b.js");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  auto api = client_->Get("/api/v1/unknown");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json");
}

TEST_F(ServerTest, TraversalOverTheWire) {
  for (const std::string target :
       {"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "//etc/passwd",
        "/..\\secret.txt", "/.%2e/secret.txt"}) {
    std::string response =
        RawHttp(server_->port(), "GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    ASSERT_NE(StatusOf(response), -1) << target;
    EXPECT_EQ(response.find(kSecret), std::string::npos) << target;
    EXPECT_EQ(response.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, SecurityHeadersAndCookies) {
  auto api = client_->Get("/api/v1/items/1");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(api->get_header_value("Cache-Control"), "no-store");
  auto login = client_->Post("/api/v1/login", "", "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 204);
  // server.cookie_secure defaults to false: jobrec itself speaks plain HTTP.
  EXPECT_EQ(login->get_header_value("Set-Cookie"), "session=abc; Path=/; HttpOnly; SameSite=Lax");
}

TEST_F(ServerTest, SecondServerOnTheSamePortFails) {
  ServerOptions same = options_;
  same.port = server_->port();
  auto second = Server::Start(same, std::make_shared<Router>(), std::make_shared<Metrics>());
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(absl::IsUnavailable(second.status()));
  EXPECT_NE(second.status().message().find(std::to_string(server_->port())), std::string::npos);
}

TEST_F(ServerTest, StopLetsTheRequestInFlightFinish) {
  int status = -1;
  std::string body;
  std::thread request([&] {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(std::chrono::seconds(10));
    if (auto result = client.Get("/api/v1/slow")) {
      status = result->status;
      body = result->body;
    }
  });
  slow_entered_.wait();
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server_->Stop();
    stopped = true;
  });
  // Stop closes the listening socket first: wait until new connections are refused.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (CanConnect(server_->port()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(CanConnect(server_->port())) << "still accepting after Stop()";
  EXPECT_FALSE(stopped) << "Stop() returned while a request was in flight";
  release_promise_.set_value();
  request.join();
  stopper.join();
  EXPECT_EQ(status, 200);
  EXPECT_EQ(json::parse(body)["slow"], true);
  release_promise_ = std::promise<void>();  // TearDown sets it again
}

}  // namespace
}  // namespace jobrec::api
