#include "jobrec/ingest/remotive_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using namespace ::jobrec::ingest::testing;

constexpr char kJobs[] = "/api/remote-jobs";

using RemotiveConnectorTest = ConnectorTest<RemotiveConnector, RemotiveOptions>;

TEST_F(RemotiveConnectorTest, FetchesAllJobsInOneAnswerAndMapsEveryField) {
  server_->AddFile(kJobs, "remotive/remote_jobs.json");
  RemotiveOptions options;
  options.category = "software-dev";
  options.search = "c++";
  options.limit = 50;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 1);
  ASSERT_EQ(sync->postings.size(), 3u);
  auto requests = server_->RequestsTo(kJobs);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Param("category"), "software-dev");
  EXPECT_EQ(requests[0].Param("search"), "c++");
  EXPECT_EQ(requests[0].Param("limit"), "50");
  EXPECT_FALSE(requests[0].HasParam("company_name"));

  const Posting* cpp = FindPosting(*sync, "1923001");
  ASSERT_NE(cpp, nullptr);
  EXPECT_EQ(cpp->provider, "remotive");
  EXPECT_EQ(cpp->title, "Senior C++ Engineer");
  EXPECT_EQ(cpp->company, "Remote Robotics");
  EXPECT_EQ(cpp->url, "https://remotive.com/remote-jobs/software-dev/senior-cpp-engineer-1923001");
  EXPECT_EQ(cpp->remote, RemoteMode::kRemote);
  EXPECT_EQ(cpp->location.text, "USA Only");
  EXPECT_EQ(cpp->location.country, "US");
  EXPECT_EQ(cpp->employment_type, "full_time");
  ASSERT_TRUE(cpp->salary.has_value());
  EXPECT_EQ(cpp->salary->min, 140000);
  EXPECT_EQ(cpp->salary->max, 170000);
  EXPECT_EQ(cpp->salary->currency, "USD");
  EXPECT_EQ(cpp->salary->period, "year");
  EXPECT_EQ(cpp->posted_at, At("2024-05-02T10:23:26Z"));
  EXPECT_EQ(cpp->description, "Write C++ for robots.\n\n- ROS\n- CMake");
  EXPECT_EQ(cpp->labels["category"], "Software Development");
  EXPECT_EQ(cpp->labels["tags"], nlohmann::json({"c++", "linux", "robotics"}));

  const Posting* writer = FindPosting(*sync, "1923002");
  ASSERT_NE(writer, nullptr);
  EXPECT_FALSE(writer->salary.has_value()) << "\"Competitive\" is not a salary";
  EXPECT_EQ(writer->employment_type, "contract");
  EXPECT_EQ(writer->remote, RemoteMode::kRemote);

  const Posting* analyst = FindPosting(*sync, "1923003");
  ASSERT_NE(analyst, nullptr);
  EXPECT_EQ(analyst->location.country, "DE");
  EXPECT_EQ(analyst->employment_type, "");
}

TEST_F(RemotiveConnectorTest, NextSyncKeepsOnlyJobsPublishedSinceTheNewestSeen) {
  server_->AddFile(kJobs, "remotive/remote_jobs.json");
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-02T10:23:26Z"}}));

  auto answer = nlohmann::json::parse(ReadFixture("remotive/remote_jobs.json"));
  const nlohmann::json added = {{"id", 1923009},
                                {"url", "https://remotive.com/remote-jobs/devops/sre-1923009"},
                                {"title", "SRE"},
                                {"company_name", "Ops Co"},
                                {"publication_date", "2024-05-03T07:00:00"},
                                {"description", "<p>Keep it up.</p>"}};
  answer["jobs"].insert(answer["jobs"].begin(), added);
  server_->Add(kJobs, JsonResponse(answer.dump()));
  auto second = RunSync(*connector, first->cursors.back());

  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->postings.size(), 1u);
  EXPECT_EQ(second->postings[0].external_id, "1923009");
}

TEST_F(RemotiveConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto answer = nlohmann::json::parse(ReadFixture("remotive/remote_jobs.json"));
  answer["jobs"][0].erase("url");
  answer["jobs"][2]["id"] = 3.5;
  server_->Add(kJobs, JsonResponse(answer.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  EXPECT_EQ(sync->postings[0].external_id, "1923002");
  ASSERT_EQ(sync->rejected.size(), 2u);
  EXPECT_EQ(sync->rejected[0].where, "item 1 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing url");
  EXPECT_EQ(sync->rejected[1].where, "item 3 of page 1");
  EXPECT_EQ(sync->rejected[1].reason, "missing id");
}

TEST_F(RemotiveConnectorTest, RejectsANegativeLimit) {
  EXPECT_EQ(FieldRejected([](RemotiveOptions& o) { o.limit = -1; }), "limit");
}

}  // namespace
}  // namespace jobrec::ingest
