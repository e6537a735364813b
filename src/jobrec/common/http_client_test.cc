#include "jobrec/common/http_client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "absl/strings/ascii.h"
#include "jobrec/common/log.h"

namespace jobrec::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A cpp-httplib server on 127.0.0.1 with an ephemeral port, serving from its own thread.
class LocalServer {
 public:
  explicit LocalServer(std::function<void(httplib::Server&)> routes) {
    routes(server_);
    // One request per connection: otherwise stop() waits for idle keep-alive connections of
    // the client to time out.
    server_.set_keep_alive_max_count(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::jthread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop has started would be lost.
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~LocalServer() { server_.stop(); }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::jthread thread_;
};

HttpClientOptions FastOptions() {
  HttpClientOptions options;
  options.backoff_base = 10ms;
  options.backoff_max = 2s;
  options.connect_timeout = 2s;
  return options;
}

long ElapsedMs(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

TEST(HttpClientTest, ReturnsBodyAndLowerCasedHeaders) {
  std::string seen_body, seen_header, seen_type;
  LocalServer server([&](httplib::Server& s) {
    s.Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
      seen_body = req.body;
      seen_header = req.get_header_value("X-Test");
      seen_type = req.get_header_value("Content-Type");
      res.set_header("X-Reply-Header", "  padded value ");
      res.set_content("hello " + req.body, "text/plain");
    });
  });
  auto client = NewCurlHttpClient(FastOptions());
  HttpRequest request{.method = "POST",
                      .url = server.Url("/echo"),
                      .headers = {{"X-Test", "yes"}, {"Content-Type", "application/json"}},
                      .body = "{\"a\":1}"};
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello {\"a\":1}");
  EXPECT_EQ(response->attempts, 1);
  EXPECT_EQ(response->Header("X-REPLY-HEADER"), "padded value");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  EXPECT_EQ(response->Header("absent"), "");
  for (const auto& [name, value] : response->headers) {
    EXPECT_EQ(name, absl::AsciiStrToLower(name));
  }
  EXPECT_EQ(seen_body, "{\"a\":1}");
  EXPECT_EQ(seen_header, "yes");
  EXPECT_EQ(seen_type, "application/json");
}

TEST(HttpClientTest, BodilessPutSendsContentLengthZeroAndNoDefaultContentType) {
  std::string length, type;
  LocalServer server([&](httplib::Server& s) {
    s.Put("/token", [&](const httplib::Request& req, httplib::Response& res) {
      length = req.get_header_value("Content-Length");
      type = req.get_header_value("Content-Type");
      res.set_content("tok", "text/plain");
    });
  });
  auto response = NewCurlHttpClient(FastOptions())
                      ->Send({.method = "PUT", .url = server.Url("/token")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "tok");
  EXPECT_EQ(length, "0");
  EXPECT_EQ(type, "");
}

TEST(HttpClientTest, HonoursRetryAfterSecondsOn429) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      if (hits++ == 0) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content("ok", "text/plain");
    });
  });
  const auto start = Clock::now();
  auto response = NewCurlHttpClient(FastOptions())->Send({.url = server.Url("/")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_GE(ElapsedMs(start), 1000);  // the 10 ms backoff alone would be far shorter
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 2);
  EXPECT_EQ(hits, 2);
}

TEST(HttpClientTest, HonoursRetryAfterHttpDate) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      if (hits++ == 0) {
        const std::time_t when = std::time(nullptr) + 2;
        char text[64];
        std::tm tm{};
        gmtime_r(&when, &tm);
        std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        res.status = 503;
        res.set_header("Retry-After", text);
        return;
      }
      res.set_content("ok", "text/plain");
    });
  });
  const auto start = Clock::now();
  auto response = NewCurlHttpClient(FastOptions())->Send({.url = server.Url("/")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_GE(ElapsedMs(start), 900);  // two whole seconds away, less the part already gone
  EXPECT_EQ(response->attempts, 2);
}

TEST(HttpClientTest, RetryAfterIsCappedByBackoffMax) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      if (hits++ == 0) {
        res.status = 429;
        res.set_header("Retry-After", "3600");
        return;
      }
      res.set_content("ok", "text/plain");
    });
  });
  HttpClientOptions options = FastOptions();
  options.backoff_max = 50ms;
  const auto start = Clock::now();
  auto response = NewCurlHttpClient(options)->Send({.url = server.Url("/")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(ElapsedMs(start), 1000);
}

TEST(HttpClientTest, GivesUpAfterMaxAttemptsWithFinalResponse) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.status = 503;
      res.set_content("busy " + std::to_string(hits.load()), "text/plain");
    });
  });
  HttpClientOptions options = FastOptions();
  options.max_attempts = 3;
  auto response = NewCurlHttpClient(options)->Send({.url = server.Url("/")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(response->body, "busy 3");
  EXPECT_EQ(hits, 3);
}

TEST(HttpClientTest, DoesNotRetryClientErrors) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.status = 404;
    });
  });
  auto response = NewCurlHttpClient(FastOptions())->Send({.url = server.Url("/")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(hits, 1);
}

TEST(HttpClientTest, RetryFalseMakesOneAttempt) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.status = 500;
    });
  });
  auto response =
      NewCurlHttpClient(FastOptions())->Send({.url = server.Url("/"), .retry = false});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->attempts, 1);
  EXPECT_EQ(hits, 1);
}

TEST(HttpClientTest, TimeoutIsDeadlineExceededAfterRetries) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      ++hits;
      std::this_thread::sleep_for(400ms);
      res.set_content("late", "text/plain");
    });
  });
  HttpClientOptions options = FastOptions();
  options.max_attempts = 2;
  const auto start = Clock::now();
  auto response =
      NewCurlHttpClient(options)->Send({.url = server.Url("/slow"), .timeout = 100ms});
  EXPECT_TRUE(absl::IsDeadlineExceeded(response.status())) << response.status();
  EXPECT_LT(ElapsedMs(start), 1000);
  EXPECT_EQ(hits, 2);
}

TEST(HttpClientTest, ConnectionRefusedIsUnavailable) {
  // A bound socket that does not listen: connecting to its port is refused.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t length = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";

  auto response = NewCurlHttpClient(FastOptions())->Send({.url = url});
  close(fd);
  EXPECT_TRUE(absl::IsUnavailable(response.status())) << response.status();
}

TEST(HttpClientTest, BadUrlIsInvalidArgument) {
  auto client = NewCurlHttpClient(FastOptions());
  EXPECT_TRUE(absl::IsInvalidArgument(client->Send({.url = "not a url"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(client->Send({.url = "ftp://example.com/x"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(client->Send({.url = ""}).status()));
}

class OversizedBodyTest : public ::testing::TestWithParam<bool> {};

TEST_P(OversizedBodyTest, IsResourceExhausted) {
  const bool chunked = GetParam();  // chunked: no Content-Length, caught while streaming
  const std::string big(5000, 'x');
  LocalServer server([&](httplib::Server& s) {
    s.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
      if (!chunked) {
        res.set_content(big, "text/plain");
        return;
      }
      res.set_chunked_content_provider("text/plain", [&](size_t offset, httplib::DataSink& sink) {
        if (offset >= big.size()) {
          sink.done();
          return true;
        }
        return sink.write(big.data() + offset, 500);
      });
    });
  });
  HttpClientOptions options = FastOptions();
  options.max_response_bytes = 1000;
  auto response = NewCurlHttpClient(options)->Send({.url = server.Url("/big")});
  EXPECT_TRUE(absl::IsResourceExhausted(response.status())) << response.status();

  options.max_response_bytes = 5000;  // exactly the size is allowed
  response = NewCurlHttpClient(options)->Send({.url = server.Url("/big")});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body.size(), 5000u);
}

INSTANTIATE_TEST_SUITE_P(LengthAndChunked, OversizedBodyTest, ::testing::Bool());

TEST(HttpClientTest, PerHostLimitBoundsRequestsInFlight) {
  std::atomic<int> in_flight = 0, max_in_flight = 0, hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      const int now = ++in_flight;
      int seen = max_in_flight.load();
      while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(100ms);
      --in_flight;
      ++hits;
      res.set_content("ok", "text/plain");
    });
  });
  HttpClientOptions options = FastOptions();
  options.per_host_concurrency = 2;
  auto client = NewCurlHttpClient(options);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&] {
        auto response = client->Send({.url = server.Url("/slow")});
        EXPECT_TRUE(response.ok()) << response.status();
      });
    }
  }
  EXPECT_EQ(hits, 6);
  EXPECT_EQ(max_in_flight, 2);
}

TEST(HttpClientTest, CancellationDuringBackoffReturnsPromptly) {
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_header("Retry-After", "30");
    });
  });
  HttpClientOptions options = FastOptions();
  options.backoff_max = 30s;
  std::atomic<bool> cancelled = false;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  const auto start = Clock::now();
  auto response =
      NewCurlHttpClient(options)->Send({.url = server.Url("/"), .cancelled = &cancelled});
  EXPECT_TRUE(absl::IsCancelled(response.status())) << response.status();
  EXPECT_LT(ElapsedMs(start), 1000);
}

TEST(HttpClientTest, CancellationAbortsTransfer) {
  LocalServer server([&](httplib::Server& s) {
    s.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(1s);
      res.set_content("late", "text/plain");
    });
  });
  std::atomic<bool> cancelled = false;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(100ms);
    cancelled = true;
  });
  const auto start = Clock::now();
  auto response = NewCurlHttpClient(FastOptions())
                      ->Send({.url = server.Url("/slow"), .cancelled = &cancelled});
  EXPECT_TRUE(absl::IsCancelled(response.status())) << response.status();
  EXPECT_LT(ElapsedMs(start), 700);  // the server would answer after 1 s
}

TEST(HttpClientTest, AlreadyCancelledSendsNothing) {
  std::atomic<int> hits = 0;
  LocalServer server([&](httplib::Server& s) {
    s.Get("/", [&](const httplib::Request&, httplib::Response&) { ++hits; });
  });
  std::atomic<bool> cancelled = true;
  auto response = NewCurlHttpClient(FastOptions())
                      ->Send({.url = server.Url("/"), .cancelled = &cancelled});
  EXPECT_TRUE(absl::IsCancelled(response.status()));
  EXPECT_EQ(hits, 0);
}

TEST(HttpClientTest, FollowsRedirectsForGetOnly) {
  LocalServer server([&](httplib::Server& s) {
    s.Get("/from", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/to");
    });
    s.Post("/from", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/to");
    });
    s.Get("/to", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Final", "1");
      res.set_content("arrived", "text/plain");
    });
    s.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop");
    });
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto get = client->Send({.url = server.Url("/from")});
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "arrived");
  EXPECT_EQ(get->Header("x-final"), "1");
  EXPECT_EQ(get->Header("location"), "");  // headers of the final response only

  auto post = client->Send({.method = "POST", .url = server.Url("/from"), .body = "x"});
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 302);

  auto loop = client->Send({.url = server.Url("/loop")});
  EXPECT_FALSE(loop.ok());
}

TEST(HttpClientTest, NeverLogsBodiesOrAuthorization) {
  const std::string log_path = ::testing::TempDir() + "/http_client_log.txt";
  log::InitToFile(log_path, log::Format::kJson, log::Level::kDebug);
  LocalServer server([&](httplib::Server& s) {
    s.Post("/", [&](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  });
  HttpClientOptions options = FastOptions();
  options.max_attempts = 2;
  auto response = NewCurlHttpClient(options)->Send(
      {.method = "POST",
       .url = server.Url("/?api_key=query-secret"),
       .headers = {{"Authorization", "Bearer header-secret"}},
       .body = "body-secret"});
  ASSERT_TRUE(response.ok());
  log::Init(log::Format::kText, log::Level::kInfo);
  std::ifstream file(log_path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("http_retry"));  // something was logged
  EXPECT_THAT(text.str(), Not(HasSubstr("secret")));
}

}  // namespace
}  // namespace jobrec::common
