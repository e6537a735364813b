#include "jobrec/cloud/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/cloud/testing/fake_imds.h"
#include "jobrec/cloud/instance_metadata.h"

namespace jobrec::cloud {
namespace {

using namespace std::chrono_literals;
using testing::FakeImds;

common::HttpClientOptions FastHttp() {
  common::HttpClientOptions options;
  options.backoff_base = 5ms;
  options.max_attempts = 2;
  return options;
}

std::string RoleDocument(const std::string& key, const std::string& expiration) {
  return R"({"Code":"Success","LastUpdated":"2024-01-01T10:00:00Z","Type":"AWS-HMAC",)"
         R"("AccessKeyId":")" + key + R"(","SecretAccessKey":"secret-)" + key +
         R"(","Token":"token-)" + key + R"(","Expiration":")" + expiration + R"("})";
}

std::chrono::system_clock::time_point At(const std::string& iso) {
  std::tm tm{};
  strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

class ImdsTest : public ::testing::Test {
 protected:
  FakeImds imds_;
  std::unique_ptr<common::HttpClient> http_ = common::NewCurlHttpClient(FastHttp());
  InstanceMetadata metadata_{http_.get(), {.endpoint = imds_.Url()}};
};

TEST_F(ImdsTest, FakeRefusesGetsWithoutToken) {
  imds_.Set("instance-id", "i-0123456789abcdef0");
  auto response = http_->Send({.url = imds_.Url() + "/latest/meta-data/instance-id"});
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 401);
}

TEST_F(ImdsTest, ReadsItemsWithOneCachedToken) {
  imds_.Set("instance-id", "i-0123456789abcdef0");
  imds_.Set("public-ipv4", "203.0.113.7");
  imds_.Set("placement/region", "eu-west-3");
  EXPECT_EQ(*metadata_.InstanceId(), "i-0123456789abcdef0");
  EXPECT_EQ(*metadata_.PublicIpv4(), "203.0.113.7");
  EXPECT_EQ(*metadata_.Region(), "eu-west-3");
  EXPECT_EQ(imds_.token_requests, 1);
  EXPECT_EQ(imds_.LastTtlHeader(), "21600");
  EXPECT_EQ(imds_.unauthorized, 0);
}

TEST_F(ImdsTest, FetchesANewTokenAfter401) {
  imds_.Set("instance-id", "i-1");
  ASSERT_TRUE(metadata_.InstanceId().ok());
  imds_.RevokeTokens();
  auto id = metadata_.InstanceId();
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "i-1");
  EXPECT_EQ(imds_.token_requests, 2);
  EXPECT_EQ(imds_.unauthorized, 1);
}

TEST_F(ImdsTest, MissingItemIsNotFound) {
  auto ip = metadata_.PublicIpv4();
  EXPECT_TRUE(absl::IsNotFound(ip.status())) << ip.status();
}

TEST(ImdsUnreachableTest, IsUnavailable) {
  std::string url;
  {
    FakeImds gone;
    url = gone.Url();
  }
  auto http = common::NewCurlHttpClient(FastHttp());
  InstanceMetadata metadata(http.get(), {.endpoint = url});
  auto id = metadata.InstanceId();
  EXPECT_TRUE(absl::IsUnavailable(id.status())) << id.status();
}

TEST(ImdsRefusingTest, TokenRefusedTwiceIsPermissionDenied) {
  // A service that issues tokens but then rejects every one.
  testing::LocalHttpServer server([](httplib::Server& s) {
    s.Put("/latest/api/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("t", "text/plain");
    });
    s.Get("/latest/meta-data/instance-id",
          [](const httplib::Request&, httplib::Response& res) { res.status = 401; });
  });
  auto http = common::NewCurlHttpClient(FastHttp());
  InstanceMetadata metadata(http.get(), {.endpoint = server.Url()});
  EXPECT_TRUE(absl::IsPermissionDenied(metadata.InstanceId().status()));
}

class InstanceRoleTest : public ImdsTest {
 protected:
  void SetUp() override {
    imds_.Set("iam/security-credentials/", "jobrec-worker\n");
    imds_.Set("iam/security-credentials/jobrec-worker",
              RoleDocument("KEY1", "2024-01-01T12:00:00Z"));
  }
  std::chrono::system_clock::time_point now_ = At("2024-01-01T11:00:00Z");
  InstanceRoleCredentialsProvider provider_{&metadata_, 5min, [this] { return now_; }};
};

TEST_F(InstanceRoleTest, ReadsTheRoleAndCachesUntilShortlyBeforeExpiry) {
  auto first = provider_.Get();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->access_key_id, "KEY1");
  EXPECT_EQ(first->secret_access_key, "secret-KEY1");
  EXPECT_EQ(first->session_token, "token-KEY1");
  EXPECT_EQ(*first->expiration, At("2024-01-01T12:00:00Z"));

  imds_.Set("iam/security-credentials/jobrec-worker",
            RoleDocument("KEY2", "2024-01-01T18:00:00Z"));
  now_ = At("2024-01-01T11:54:00Z");  // 6 minutes left: still cached
  EXPECT_EQ(provider_.Get()->access_key_id, "KEY1");
  EXPECT_EQ(imds_.Gets("iam/security-credentials/jobrec-worker"), 1);

  now_ = At("2024-01-01T11:56:00Z");  // 4 minutes left: refreshed
  EXPECT_EQ(provider_.Get()->access_key_id, "KEY2");
  EXPECT_EQ(imds_.Gets("iam/security-credentials/jobrec-worker"), 2);
}

TEST_F(InstanceRoleTest, KeepsUnexpiredCredentialsWhenRefreshFails) {
  ASSERT_TRUE(provider_.Get().ok());
  imds_.Set("iam/security-credentials/jobrec-worker", "{not json");
  now_ = At("2024-01-01T11:58:00Z");  // inside the refresh window, not yet expired
  auto kept = provider_.Get();
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->access_key_id, "KEY1");
  now_ = At("2024-01-01T12:00:01Z");  // expired: the failure shows
  EXPECT_TRUE(absl::IsInternal(provider_.Get().status()));
}

TEST_F(InstanceRoleTest, NoRoleIsFailedPrecondition) {
  imds_.Remove("iam/security-credentials/");
  EXPECT_TRUE(absl::IsFailedPrecondition(provider_.Get().status()));
}

TEST(ParseInstanceRoleCredentialsTest, RejectsBadDocuments) {
  EXPECT_TRUE(ParseInstanceRoleCredentials(RoleDocument("K", "2024-01-01T12:00:00Z")).ok());
  for (const std::string& bad :
       {std::string("not json"), std::string("[]"),
        std::string(R"({"Code":"Failure","Message":"no role"})"),
        std::string(R"({"Code":"Success","AccessKeyId":"K","SecretAccessKey":"S",)"
                    R"("Expiration":"2024-01-01T12:00:00Z"})"),
        RoleDocument("K", "tomorrow"), RoleDocument("K", "2024-01-01T12:00:00+02:00")}) {
    EXPECT_TRUE(absl::IsInternal(ParseInstanceRoleCredentials(bad).status())) << bad;
  }
}

TEST(EnvironmentCredentialsTest, ReadsKeysTokenAndRegion) {
  EXPECT_FALSE(CredentialsFromEnvironment({"HOME=/root"})->has_value());
  auto credentials = CredentialsFromEnvironment(
      {"AWS_ACCESS_KEY_ID=AKID", "AWS_SECRET_ACCESS_KEY=SECRET", "AWS_SESSION_TOKEN=TOK"});
  ASSERT_TRUE(credentials.ok());
  ASSERT_TRUE(credentials->has_value());
  EXPECT_EQ((*credentials)->access_key_id, "AKID");
  EXPECT_EQ((*credentials)->secret_access_key, "SECRET");
  EXPECT_EQ((*credentials)->session_token, "TOK");
  EXPECT_FALSE((*credentials)->expiration.has_value());

  EXPECT_TRUE(absl::IsInvalidArgument(
      CredentialsFromEnvironment({"AWS_ACCESS_KEY_ID=AKID"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      CredentialsFromEnvironment({"AWS_SECRET_ACCESS_KEY=S"}).status()));

  EXPECT_EQ(RegionFromEnvironment({"AWS_DEFAULT_REGION=eu-west-1", "AWS_REGION=us-west-2"}),
            "us-west-2");
  EXPECT_EQ(RegionFromEnvironment({"AWS_DEFAULT_REGION=eu-west-1"}), "eu-west-1");
  EXPECT_EQ(RegionFromEnvironment({}), "");
}

TEST(DefaultCredentialsTest, PrefersTheEnvironment) {
  FakeImds imds;  // holds no role: reaching it would fail
  auto http = common::NewCurlHttpClient(FastHttp());
  InstanceMetadata metadata(http.get(), {.endpoint = imds.Url()});
  auto from_env = NewDefaultCredentialsProvider(
      {"AWS_ACCESS_KEY_ID=AKID", "AWS_SECRET_ACCESS_KEY=S"}, &metadata);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ((*from_env)->Get()->access_key_id, "AKID");
  EXPECT_EQ(imds.token_requests, 0);

  auto from_role = NewDefaultCredentialsProvider({}, &metadata);
  ASSERT_TRUE(from_role.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition((*from_role)->Get().status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      NewDefaultCredentialsProvider({"AWS_ACCESS_KEY_ID=A"}, &metadata).status()));
}

}  // namespace
}  // namespace jobrec::cloud
