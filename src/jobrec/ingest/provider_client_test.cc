#include "jobrec/ingest/provider_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/replay_server.h"
#include "jobrec/ingest/testing/sync_driver.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::jobrec::ingest::testing;

class ProviderClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ReplayServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  ProviderClient Client(std::vector<std::string> secrets = {},
                        ErrorClassifier classifier = nullptr) {
    return ProviderClient(
        "acme", FastHttpClient(2),
        {.base_url = server_->BaseUrl(), .min_interval = std::chrono::milliseconds(0)},
        std::move(secrets), std::move(classifier));
  }

  std::unique_ptr<ReplayServer> server_;
};

TEST_F(ProviderClientTest, ParsesJsonAndAsksForIt) {
  server_->Add("/x", JsonResponse(R"({"a":[1,2]})"));
  auto client = Client();

  auto json = client.GetJson(server_->BaseUrl() + "/x", {{"X-Extra", "1"}});

  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ((*json)["a"][1], 2);
  EXPECT_EQ(server_->Requests().at(0).Header("Accept"), "application/json");
  EXPECT_EQ(server_->Requests().at(0).Header("X-Extra"), "1");
}

TEST_F(ProviderClientTest, MapsHttpStatusesToTheConnectorContract) {
  const std::vector<std::pair<int, absl::StatusCode>> cases = {
      {401, absl::StatusCode::kUnauthenticated}, {403, absl::StatusCode::kPermissionDenied},
      {404, absl::StatusCode::kNotFound},        {400, absl::StatusCode::kInvalidArgument},
      {422, absl::StatusCode::kInvalidArgument}, {429, absl::StatusCode::kUnavailable},
      {502, absl::StatusCode::kUnavailable}};
  for (const auto& [http_status, code] : cases) {
    const std::string path = "/status/" + std::to_string(http_status);
    server_->Add(path, ErrorResponse(http_status, R"({"error":"nope"})"));
    auto client = Client();

    auto json = client.GetJson(server_->BaseUrl() + path);

    EXPECT_EQ(json.status().code(), code) << http_status << ": " << json.status();
    EXPECT_THAT(json.status().message(), HasSubstr("acme: GET"));
    EXPECT_THAT(json.status().message(), HasSubstr(std::to_string(http_status)));
  }
}

TEST_F(ProviderClientTest, ClassifierOverridesTheGenericMapping) {
  server_->Add("/x", ErrorResponse(400, R"({"exception":"AUTH_FAIL"})"));
  auto client =
      Client({}, [](int status, const std::string& body) -> std::optional<absl::StatusCode> {
        if (body.find("AUTH_FAIL") != std::string::npos) return absl::StatusCode::kUnauthenticated;
        return std::nullopt;
      });

  EXPECT_TRUE(absl::IsUnauthenticated(client.GetJson(server_->BaseUrl() + "/x").status()));
}

TEST_F(ProviderClientTest, QueryStringsAndSecretsNeverReachAMessage) {
  // The provider echoes the key in its error body, raw and percent-encoded.
  server_->Add("/x", ErrorResponse(400, R"({"error":"bad key s3cr3t/key+1 or s3cr3t%2Fkey%2B1"})"));
  auto client = Client({"s3cr3t/key+1"});

  auto json = client.GetJson(server_->BaseUrl() + "/x?app_key=" + PercentEncode("s3cr3t/key+1") +
                             "&page=1");

  ASSERT_TRUE(absl::IsInvalidArgument(json.status()));
  EXPECT_THAT(json.status().message(), Not(HasSubstr("s3cr3t")));
  EXPECT_THAT(json.status().message(), Not(HasSubstr("app_key")));
  EXPECT_THAT(json.status().message(), HasSubstr("[redacted]"));
}

TEST_F(ProviderClientTest, RedactIgnoresEmptySecrets) {
  auto client = Client({"", "abc"});
  EXPECT_EQ(client.Redact("xabcx"), "x[redacted]x");
  EXPECT_EQ(client.Redact("nothing here"), "nothing here");
}

TEST_F(ProviderClientTest, WaitsTheMinimumIntervalBetweenRequests) {
  server_->Add("/x", JsonResponse("{}"));
  ProviderClient client(
      "acme", FastHttpClient(),
      {.base_url = server_->BaseUrl(), .min_interval = std::chrono::milliseconds(250)});

  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.GetJson(server_->BaseUrl() + "/x").ok());

  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_GE(requests[1].received - requests[0].received, std::chrono::milliseconds(245));
  EXPECT_GE(requests[2].received - requests[1].received, std::chrono::milliseconds(245));
}

TEST(QueryStringTest, EncodesAndSkipsEmptyValues) {
  EXPECT_EQ(QueryString({{"what", "c++ dev"}, {"where", ""}, {"k", "a&b=c/d"}}),
            "what=c%2B%2B%20dev&k=a%26b%3Dc%2Fd");
  EXPECT_EQ(QueryString({}), "");
  EXPECT_EQ(PercentEncode("München"), "M%C3%BCnchen");
}

TEST(ShowableUrlTest, DropsTheQuery) {
  EXPECT_EQ(ShowableUrl("https://h/p?app_key=x"), "https://h/p");
  EXPECT_EQ(ShowableUrl("https://h/p"), "https://h/p");
}

TEST(IsPathSegmentTest, AcceptsOnlyPlainSegments) {
  EXPECT_TRUE(IsPathSegment("acme-inc_2.0"));
  for (const char* bad : {"", ".", "..", "a/b", "a b", "a?b", "a%2F", "ä"}) {
    EXPECT_FALSE(IsPathSegment(bad)) << bad;
  }
}

}  // namespace
}  // namespace jobrec::ingest
