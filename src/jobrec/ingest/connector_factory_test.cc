#include "jobrec/ingest/connector_factory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/replay_server.h"
#include "jobrec/ingest/testing/sync_driver.h"

namespace jobrec::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::jobrec::ingest::testing;

std::optional<std::string> Env(const std::string& name) {
  if (name == "ADZUNA_APP_ID") return "default-id";
  if (name == "ADZUNA_APP_KEY") return "default-key";
  if (name == "MY_ADZUNA_KEY") return "custom-key";
  if (name == "EMPTY_VAR") return "";
  return std::nullopt;
}

ConnectorDeps Deps() { return {.http = FastHttpClient(), .env = Env}; }

std::string FieldOfNew(const std::string& kind, const nlohmann::json& params) {
  return common::FieldOf(NewConnector(kind, params, Deps()).status());
}

TEST(ConnectorFactoryTest, KnowsTheSixProviders) {
  EXPECT_THAT(ConnectorKinds(),
              ElementsAre("adzuna", "arbeitnow", "greenhouse", "lever", "remotive", "usajobs"));
}

TEST(ConnectorFactoryTest, BuildsEachKindFromMinimalParameters) {
  const std::vector<std::pair<std::string, nlohmann::json>> minimal = {
      {"adzuna", {{"country", "gb"}}},
      {"usajobs", {{"email", "a@example.org"}, {"api_key_env", "ADZUNA_APP_KEY"}}},
      {"greenhouse", {{"board_token", "acme"}}},
      {"lever", {{"site", "acme"}}},
      {"remotive", nullptr},
      {"arbeitnow", nlohmann::json::object()}};
  for (const auto& [kind, params] : minimal) {
    auto connector = NewConnector(kind, params, Deps());
    EXPECT_TRUE(connector.ok()) << kind << ": " << connector.status();
  }
}

TEST(ConnectorFactoryTest, UnknownKindNamesTheKnownOnes) {
  auto connector = NewConnector("monster", {}, Deps());
  EXPECT_TRUE(absl::IsInvalidArgument(connector.status()));
  EXPECT_EQ(common::FieldOf(connector.status()), "kind");
  EXPECT_THAT(connector.status().message(), HasSubstr("monster"));
  EXPECT_THAT(connector.status().message(), HasSubstr("greenhouse"));
}

TEST(ConnectorFactoryTest, MissingRequiredParameterIsNamed) {
  auto connector = NewConnector("greenhouse", {{"company", "Acme"}}, Deps());
  EXPECT_TRUE(absl::IsInvalidArgument(connector.status()));
  EXPECT_EQ(common::FieldOf(connector.status()), "board_token");
  EXPECT_THAT(connector.status().message(), HasSubstr("board_token is required"));
  EXPECT_EQ(FieldOfNew("adzuna", nlohmann::json::object()), "country");
  EXPECT_EQ(FieldOfNew("usajobs", nlohmann::json::object()), "email");
  EXPECT_EQ(FieldOfNew("lever", {{"site", ""}}), "site");
}

TEST(ConnectorFactoryTest, UnknownParameterIsNamed) {
  EXPECT_EQ(FieldOfNew("lever", {{"site", "acme"}, {"limt", 5}}), "limt");
}

TEST(ConnectorFactoryTest, WrongTypesAndRangesAreNamed) {
  EXPECT_EQ(FieldOfNew("lever", {{"site", 7}}), "site");
  EXPECT_EQ(FieldOfNew("lever", {{"site", "acme"}, {"limit", "10"}}), "limit");
  EXPECT_EQ(FieldOfNew("lever", {{"site", "acme"}, {"limit", 0}}), "limit");
  EXPECT_EQ(FieldOfNew("adzuna", {{"country", "gb"}, {"results_per_page", 51}}),
            "results_per_page");
  EXPECT_EQ(FieldOfNew("arbeitnow", {{"timeout_ms", 0}}), "timeout_ms");
  EXPECT_EQ(FieldOfNew("arbeitnow", {{"min_interval_ms", -1}}), "min_interval_ms");
  EXPECT_EQ(FieldOfNew("arbeitnow", {{"base_url", "ftp://example.org"}}), "base_url");
  EXPECT_EQ(FieldOfNew("remotive", nlohmann::json::array()), "params");
  EXPECT_EQ(FieldOfNew("adzuna", {{"country", "zz"}}), "country") << "checked by the connector";
}

TEST(ConnectorFactoryTest, MissingSecretNamesTheVariableButNoValue) {
  auto connector = NewConnector("usajobs", {{"email", "a@example.org"}}, Deps());
  EXPECT_EQ(common::FieldOf(connector.status()), "api_key_env");
  EXPECT_THAT(connector.status().message(), HasSubstr("USAJOBS_API_KEY"));

  auto empty = NewConnector("adzuna", {{"country", "gb"}, {"app_key_env", "EMPTY_VAR"}}, Deps());
  EXPECT_EQ(common::FieldOf(empty.status()), "app_key_env");
  EXPECT_THAT(empty.status().message(), HasSubstr("EMPTY_VAR"));
  EXPECT_THAT(empty.status().message(), Not(HasSubstr("default-id")));
}

TEST(ConnectorFactoryTest, ReadsSecretsFromTheNamedVariables) {
  auto server = ReplayServer::Start();
  ASSERT_TRUE(server.ok());
  (*server)->Add("/v1/api/jobs/de/search/1", JsonResponse(R"({"count":0,"results":[]})"));
  auto connector = NewConnector("adzuna",
                                {{"country", "de"},
                                 {"app_key_env", "MY_ADZUNA_KEY"},
                                 {"base_url", (*server)->BaseUrl() + "/"},
                                 {"min_interval_ms", 0},
                                 {"what", "koch"}},
                                Deps());
  ASSERT_TRUE(connector.ok()) << connector.status();

  ASSERT_TRUE((*connector)->FetchPage(nullptr).ok());

  auto requests = (*server)->Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/api/jobs/de/search/1") << "trailing '/' of base_url dropped";
  EXPECT_EQ(requests[0].Param("app_id"), "default-id");
  EXPECT_EQ(requests[0].Param("app_key"), "custom-key");
  EXPECT_EQ(requests[0].Param("what"), "koch");
}

}  // namespace
}  // namespace jobrec::ingest
