// The failure behaviours every HTTP connector shares, run against each of them (built through
// the factory, as production builds them): rate limits, server errors, timeouts, answers that
// are not JSON or have the wrong shape, refused credentials — and no secret in any message or
// log line along the way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "jobrec/common/log.h"
#include "jobrec/ingest/connector_factory.h"
#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::jobrec::ingest::testing;
using Clock = std::chrono::steady_clock;

constexpr int kMaxAttempts = 3;
// Values the fake environment hands out; none may ever appear in a message or a log line.
const std::vector<std::string>& Secrets() {
  static const auto* secrets = new std::vector<std::string>{
      "adzuna-app-id-77", "adzuna-key-9f8e7d6c5b4a", "usajobs-key-QWxhZGRpbjpvcGVu"};
  return *secrets;
}

struct ConnectorCase {
  std::string kind;
  nlohmann::json params;  // besides base_url, timeout_ms and min_interval_ms
  std::string path;       // of the first request
  std::string fixture;    // a valid answer to it
};

std::ostream& operator<<(std::ostream& out, const ConnectorCase& c) { return out << c.kind; }

std::vector<ConnectorCase> Cases() {
  return {
      {"adzuna",
       {{"country", "gb"}, {"app_id_env", "TEST_ADZUNA_ID"}, {"app_key_env", "TEST_ADZUNA_KEY"}},
       "/v1/api/jobs/gb/search/1",
       "adzuna/search_page2.json"},
      {"usajobs",
       {{"email", "jobs@example.org"}, {"api_key_env", "TEST_USAJOBS_KEY"}},
       "/api/search",
       "usajobs/search_page2.json"},
      {"greenhouse",
       {{"board_token", "vaulttec"}},
       "/v1/boards/vaulttec/jobs",
       "greenhouse/jobs.json"},
      {"lever", {{"site", "leverdemo"}}, "/v0/postings/leverdemo", "lever/postings_page2.json"},
      {"remotive", nlohmann::json::object(), "/api/remote-jobs", "remotive/remote_jobs.json"},
      {"arbeitnow", nlohmann::json::object(), "/api/job-board-api", "arbeitnow/page2.json"},
  };
}

std::optional<std::string> FakeEnvironment(const std::string& name) {
  if (name == "TEST_ADZUNA_ID") return Secrets()[0];
  if (name == "TEST_ADZUNA_KEY") return Secrets()[1];
  if (name == "TEST_USAJOBS_KEY") return Secrets()[2];
  return std::nullopt;
}

class ConnectorFailuresTest : public ReplayServerTest,
                              public ::testing::WithParamInterface<ConnectorCase> {
 protected:

  std::unique_ptr<Connector> Make(int timeout_ms = 5'000) {
    nlohmann::json params = GetParam().params;
    params["base_url"] = server_->BaseUrl();
    params["timeout_ms"] = timeout_ms;
    params["min_interval_ms"] = 0;
    return CreatedOrFail(NewConnector(
        GetParam().kind, params, {.http = FastHttpClient(kMaxAttempts), .env = FakeEnvironment}));
  }

  const std::string& Path() const { return GetParam().path; }
  ScriptedResponse ValidAnswer() const { return JsonResponse(ReadFixture(GetParam().fixture)); }

  // The status of a first FetchPage, after checking that its message names the provider and
  // quotes no secret.
  absl::Status FirstPageStatus(int timeout_ms = 5'000) {
    auto connector = Make(timeout_ms);
    if (connector == nullptr) return absl::InternalError("no connector");
    absl::Status status = connector->FetchPage(nullptr).status();
    if (!status.ok()) {
      EXPECT_THAT(status.message(), HasSubstr(GetParam().kind));
      for (const auto& secret : Secrets()) EXPECT_THAT(status.message(), Not(HasSubstr(secret)));
    }
    return status;
  }
};

TEST_P(ConnectorFailuresTest, WaitsForRetryAfterThenSucceeds) {
  server_->Add(Path(), RateLimitedResponse(1));
  server_->Add(Path(), ValidAnswer());

  EXPECT_TRUE(FirstPageStatus().ok());

  auto requests = server_->RequestsTo(Path());
  ASSERT_EQ(requests.size(), 2u);
  const auto waited = requests[1].received - requests[0].received;
  EXPECT_GE(waited, std::chrono::milliseconds(950)) << "Retry-After: 1 was not honoured";
  EXPECT_LT(waited, std::chrono::milliseconds(2'500));
}

TEST_P(ConnectorFailuresTest, RetriesAServerErrorThenSucceeds) {
  server_->Add(Path(), ErrorResponse(503, "<html>busy</html>"));
  server_->Add(Path(), ValidAnswer());

  EXPECT_TRUE(FirstPageStatus().ok());
  EXPECT_EQ(server_->RequestsTo(Path()).size(), 2u);
}

TEST_P(ConnectorFailuresTest, PersistentServerErrorIsUnavailable) {
  server_->Add(Path(), ErrorResponse(500));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_EQ(server_->RequestsTo(Path()).size(), static_cast<size_t>(kMaxAttempts));
}

TEST_P(ConnectorFailuresTest, PersistentRateLimitIsUnavailable) {
  server_->Add(Path(), ErrorResponse(429));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("429"));
}

TEST_P(ConnectorFailuresTest, SlowAnswerIsDeadlineExceeded) {
  server_->Add(Path(), Delayed(ValidAnswer(), std::chrono::milliseconds(3'000)));

  const auto started = Clock::now();
  absl::Status status = FirstPageStatus(/*timeout_ms=*/150);

  EXPECT_TRUE(absl::IsDeadlineExceeded(status)) << status;
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(2'500));
}

TEST_P(ConnectorFailuresTest, BrokenJsonIsInvalidArgument) {
  server_->Add(Path(), JsonResponse(R"({"results": [{"id": 1,)"));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("malformed JSON"));
}

TEST_P(ConnectorFailuresTest, HtmlPageInsteadOfJsonIsInvalidArgument) {
  server_->Add(Path(), HtmlResponse("<!DOCTYPE html><html><body>Maintenance</body></html>"));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("HTML"));
}

TEST_P(ConnectorFailuresTest, JsonOfTheWrongShapeIsInvalidArgument) {
  server_->Add(Path(), JsonResponse(R"({"unexpected": true})"));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
}

TEST_P(ConnectorFailuresTest, RefusedCredentialsAreUnauthenticated) {
  server_->Add(Path(), ErrorResponse(401, R"({"error":"invalid key"})"));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsUnauthenticated(status)) << status;
  EXPECT_EQ(server_->RequestsTo(Path()).size(), 1u) << "a 401 is not retried";
}

TEST_P(ConnectorFailuresTest, ForbiddenIsPermissionDenied) {
  server_->Add(Path(), ErrorResponse(403, R"({"error":"forbidden"})"));

  absl::Status status = FirstPageStatus();

  EXPECT_TRUE(absl::IsPermissionDenied(status)) << status;
}

TEST_P(ConnectorFailuresTest, UnreachableProviderIsUnavailable) {
  const std::string url = server_->BaseUrl();
  server_.reset();  // nothing listens on that port any more
  nlohmann::json params = GetParam().params;
  params["base_url"] = url;
  params["min_interval_ms"] = 0;
  auto connector =
      NewConnector(GetParam().kind, params, {.http = FastHttpClient(2), .env = FakeEnvironment});
  ASSERT_TRUE(connector.ok()) << connector.status();

  absl::Status status = (*connector)->FetchPage(nullptr).status();

  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr(GetParam().kind));
}

TEST_P(ConnectorFailuresTest, NoSecretIsEverLogged) {
  const std::string log_path = ::testing::TempDir() + "connector_log_" + GetParam().kind + ".jsonl";
  log::InitToFile(log_path, log::Format::kJson, log::Level::kDebug);
  server_->Add(Path(), RateLimitedResponse(0));
  server_->Add(Path(), ErrorResponse(503));
  server_->Add(Path(), ErrorResponse(503));
  (void)FirstPageStatus();
  server_->Add(Path(), ErrorResponse(401));
  (void)FirstPageStatus();
  log::Init(log::Format::kText, log::Level::kInfo);

  std::ifstream in(log_path);
  std::stringstream logged;
  logged << in.rdbuf();
  EXPECT_THAT(logged.str(), HasSubstr("http_retry")) << "the log must have been written to";
  for (const auto& secret : Secrets()) EXPECT_THAT(logged.str(), Not(HasSubstr(secret)));
  std::remove(log_path.c_str());
}

TEST_P(ConnectorFailuresTest, MinimumIntervalSpacesRequests) {
  nlohmann::json params = GetParam().params;
  params["base_url"] = server_->BaseUrl();
  params["min_interval_ms"] = 300;
  server_->Add(Path(), ValidAnswer());
  auto connector =
      NewConnector(GetParam().kind, params, {.http = FastHttpClient(), .env = FakeEnvironment});
  ASSERT_TRUE(connector.ok()) << connector.status();

  ASSERT_TRUE((*connector)->FetchPage(nullptr).ok());
  ASSERT_TRUE((*connector)->FetchPage(nullptr).ok());

  auto requests = server_->RequestsTo(Path());
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_GE(requests[1].received - requests[0].received, std::chrono::milliseconds(295));
}

INSTANTIATE_TEST_SUITE_P(AllProviders, ConnectorFailuresTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.kind; });

}  // namespace
}  // namespace jobrec::ingest
