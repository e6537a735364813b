#include "jobrec/ingest/greenhouse_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using namespace ::jobrec::ingest::testing;

constexpr char kJobs[] = "/v1/boards/vaulttec/jobs";

class GreenhouseConnectorTest : public ConnectorTest<GreenhouseConnector, GreenhouseOptions> {
 protected:
  GreenhouseOptions Options() const override {
    GreenhouseOptions options;
    options.board_token = "vaulttec";
    options.company = "Vault-Tec";
    return options;
  }
};

TEST_F(GreenhouseConnectorTest, FetchesTheBoardInOnePageAndMapsEveryField) {
  server_->AddFile(kJobs, "greenhouse/jobs.json");
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 1);
  ASSERT_EQ(sync->postings.size(), 3u);
  auto requests = server_->RequestsTo(kJobs);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Param("content"), "true");

  const Posting* designer = FindPosting(*sync, "127817");
  ASSERT_NE(designer, nullptr);
  EXPECT_EQ(designer->provider, "greenhouse");
  EXPECT_EQ(designer->title, "Vault Designer");
  EXPECT_EQ(designer->company, "Vault-Tec");
  EXPECT_EQ(designer->url, "https://boards.greenhouse.io/vaulttec/jobs/127817");
  EXPECT_EQ(designer->location.text, "New York, NY");
  EXPECT_EQ(designer->location.city, "New York");
  EXPECT_EQ(designer->location.region, "New York");
  EXPECT_EQ(designer->location.country, "US");
  EXPECT_EQ(designer->remote, RemoteMode::kUnknown);
  // content is HTML escaped once more: it comes out as text, entities decoded once.
  EXPECT_EQ(designer->description, "Design vaults that last.\n\n- CAD\n- Concrete & steel");
  EXPECT_EQ(designer->posted_at, At("2024-05-02T15:55:28Z"));
  EXPECT_EQ(designer->employment_type, "full_time");
  ASSERT_TRUE(designer->salary.has_value());
  EXPECT_EQ(designer->salary->min, 120000);
  EXPECT_EQ(designer->salary->max, 150000);
  EXPECT_EQ(designer->salary->currency, "USD");
  EXPECT_EQ(designer->salary->period, "year");
  EXPECT_EQ(designer->labels["departments"], nlohmann::json({"Department of Departments"}));
  EXPECT_EQ(designer->labels["offices"], nlohmann::json({"East Coast"}));
  EXPECT_EQ(designer->labels["requisition_id"], "50");
  EXPECT_EQ(designer->labels["internal_job_id"], "144381");
  EXPECT_EQ(designer->labels["metadata"]["Employment Type"], "Full-time");
  EXPECT_EQ(nlohmann::json::parse(designer->raw_json)["internal_job_id"], 144381);

  const Posting* assistant = FindPosting(*sync, "127818");
  ASSERT_NE(assistant, nullptr);
  EXPECT_EQ(assistant->remote, RemoteMode::kRemote);
  EXPECT_EQ(assistant->location.country, "US");
  EXPECT_FALSE(assistant->salary.has_value());

  const Posting* engineer = FindPosting(*sync, "127819");
  ASSERT_NE(engineer, nullptr);
  EXPECT_EQ(engineer->remote, RemoteMode::kHybrid) << "from the office name";
  EXPECT_EQ(engineer->location.city, "Berlin");
  EXPECT_EQ(engineer->location.country, "DE");
}

TEST_F(GreenhouseConnectorTest, NextSyncKeepsOnlyJobsUpdatedSinceTheNewestSeen) {
  server_->AddFile(kJobs, "greenhouse/jobs.json");
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-02T15:55:28Z"}}));

  // The board changed: one job edited after the previous sync.
  auto board = nlohmann::json::parse(ReadFixture("greenhouse/jobs.json"));
  board["jobs"][2]["updated_at"] = "2024-05-03T09:00:00Z";
  server_->Add(kJobs, JsonResponse(board.dump()));
  auto second = RunSync(*connector, first->cursors.back());

  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->postings.size(), 1u);
  EXPECT_EQ(second->postings[0].external_id, "127819");
  EXPECT_EQ(second->cursors.back(), nlohmann::json({{"since", "2024-05-03T09:00:00Z"}}));
}

TEST_F(GreenhouseConnectorTest, CompanyDefaultsToTheBoardTokenUnlessTheBoardNamesIt) {
  auto board = nlohmann::json::parse(ReadFixture("greenhouse/jobs.json"));
  board["jobs"][0]["company_name"] = "Vault-Tec Industries";
  server_->Add(kJobs, JsonResponse(board.dump()));
  auto options = Options();
  options.company = "";
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(FindPosting(*sync, "127817")->company, "Vault-Tec Industries");
  EXPECT_EQ(FindPosting(*sync, "127818")->company, "vaulttec");
}

TEST_F(GreenhouseConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto board = nlohmann::json::parse(ReadFixture("greenhouse/jobs.json"));
  board["jobs"][0].erase("absolute_url");
  board["jobs"][1]["title"] = nullptr;
  board["jobs"].push_back(nlohmann::json::array());
  server_->Add(kJobs, JsonResponse(board.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  ASSERT_EQ(sync->rejected.size(), 3u);
  EXPECT_EQ(sync->rejected[0].where, "item 1 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing absolute_url");
  EXPECT_EQ(sync->rejected[1].reason, "missing title");
  EXPECT_THAT(sync->rejected[2].reason, HasSubstr("not a JSON object"));
}

TEST_F(GreenhouseConnectorTest, UnknownBoardIsNotFound) {
  server_->Add(kJobs, ErrorResponse(404, R"({"status":404,"error":"Job not found"})"));
  auto connector = Make();

  auto page = connector->FetchPage(nullptr);

  EXPECT_TRUE(absl::IsNotFound(page.status())) << page.status();
  EXPECT_THAT(page.status().message(), HasSubstr("greenhouse"));
}

TEST_F(GreenhouseConnectorTest, RejectsABoardTokenThatIsNotAPathSegment) {
  for (const char* token : {"", "a/b", "..", "acme?x=1"}) {
    EXPECT_EQ(FieldRejected([&](GreenhouseOptions& o) { o.board_token = token; }), "board_token")
        << token;
  }
}

}  // namespace
}  // namespace jobrec::ingest
