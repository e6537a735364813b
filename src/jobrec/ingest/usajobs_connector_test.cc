#include "jobrec/ingest/usajobs_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::jobrec::ingest::testing;

constexpr char kSearch[] = "/api/search";
constexpr char kApiKey[] = "usajobs-key-5f4dcc3b5aa765d61d8327deb882cf99";

class UsajobsConnectorTest : public ConnectorTest<UsajobsConnector, UsajobsOptions> {
 protected:
  UsajobsOptions Options() const override {
    UsajobsOptions options;
    options.api_key = kApiKey;
    options.email = "jobs@example.org";
    options.keyword = "software";
    options.location_name = "Washington, District of Columbia";
    options.results_per_page = 2;
    return options;
  }

  void ServeBothPages() {
    server_->AddFile(std::string(kSearch) + "?Page=1", "usajobs/search_page1.json");
    server_->AddFile(std::string(kSearch) + "?Page=2", "usajobs/search_page2.json");
  }
};

TEST_F(UsajobsConnectorTest, SyncsAllPagesAndMapsEveryField) {
  ServeBothPages();
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 2);
  ASSERT_EQ(sync->postings.size(), 3u);
  EXPECT_TRUE(sync->rejected.empty());

  const Posting* it = FindPosting(*sync, "790012300");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->provider, "usajobs");
  EXPECT_EQ(it->title, "IT Specialist (APPSW)");
  EXPECT_EQ(it->url, "https://www.usajobs.gov:443/GetJob/ViewDetails/790012300");
  EXPECT_EQ(it->company, "Consumer Financial Protection Bureau");
  EXPECT_EQ(it->location.text, "Washington, District of Columbia");
  EXPECT_EQ(it->location.city, "Washington");
  EXPECT_EQ(it->location.region, "District of Columbia");
  EXPECT_EQ(it->location.country, "US");
  EXPECT_EQ(it->remote, RemoteMode::kHybrid) << "telework eligible, not remote";
  ASSERT_TRUE(it->salary.has_value());
  EXPECT_EQ(it->salary->min, 139395);
  EXPECT_EQ(it->salary->max, 181216);
  EXPECT_EQ(it->salary->currency, "USD");
  EXPECT_EQ(it->salary->period, "year");
  EXPECT_EQ(it->employment_type, "full_time");
  EXPECT_EQ(it->posted_at, At("2024-05-01T00:00:00Z"));
  EXPECT_EQ(it->expires_at, At("2024-05-15T23:59:59Z"));
  EXPECT_EQ(it->description,
            "The CFPB builds software that protects consumers.\n\n"
            "Major duties\n- Design and build web applications.\n- Review code & mentor staff.\n\n"
            "Qualifications\nYou must have one year of specialized experience developing web "
            "applications in C# and SQL.");
  EXPECT_EQ(it->labels["announcement_number"], "CFPB-24-0117-P");
  EXPECT_EQ(it->labels["department"], "Other Agencies and Independent Organizations");
  EXPECT_EQ(it->labels["job_categories"], nlohmann::json({"2210"}));
  EXPECT_EQ(it->labels["pay_plan"], "CN");
  EXPECT_EQ(nlohmann::json::parse(it->raw_json)["MatchedObjectDescriptor"]["PositionID"], "CFPB-24-0117-P");

  // Hourly pay, a temporary appointment and two duty stations.
  const Posting* guide = FindPosting(*sync, "790012301");
  ASSERT_NE(guide, nullptr);
  EXPECT_EQ(guide->salary->period, "hour");
  EXPECT_DOUBLE_EQ(*guide->salary->min, 19.73);
  EXPECT_EQ(guide->employment_type, "temporary");
  EXPECT_EQ(guide->location.text, "Multiple Locations");
  EXPECT_EQ(guide->location.city, "Yellowstone National Park");
  EXPECT_EQ(guide->location.region, "Wyoming");
  EXPECT_EQ(guide->labels["locations"],
            nlohmann::json({"Yellowstone National Park, Wyoming", "Gardiner, Montana"}));
  EXPECT_EQ(guide->remote, RemoteMode::kUnknown);

  // Remote, bi-weekly pay annualised (26 pay periods).
  const Posting* remote = FindPosting(*sync, "790012302");
  ASSERT_NE(remote, nullptr);
  EXPECT_EQ(remote->remote, RemoteMode::kRemote);
  EXPECT_EQ(remote->salary->period, "year");
  EXPECT_EQ(remote->salary->min, 4800 * 26);
  EXPECT_EQ(remote->salary->max, 6100 * 26);
}

TEST_F(UsajobsConnectorTest, SendsTheDocumentedRequest) {
  ServeBothPages();
  auto connector = Make();

  ASSERT_TRUE(RunSync(*connector).ok());

  auto requests = server_->RequestsTo(kSearch);
  ASSERT_EQ(requests.size(), 2u) << "NumberOfPages is 2: no third request";
  const RecordedRequest& first = requests[0];
  EXPECT_EQ(first.Param("Keyword"), "software");
  EXPECT_EQ(first.Param("LocationName"), "Washington, District of Columbia");
  EXPECT_EQ(first.Param("ResultsPerPage"), "2");
  EXPECT_EQ(first.Param("Page"), "1");
  EXPECT_EQ(first.Param("Fields"), "Full");
  EXPECT_FALSE(first.HasParam("DatePosted")) << "a first sync is a full one";
  EXPECT_EQ(first.Header("Authorization-Key"), kApiKey);
  EXPECT_EQ(first.Header("User-Agent"), "jobs@example.org");
  EXPECT_EQ(first.Header("Host"), server_->BaseUrl().substr(std::string("http://").size()));
  EXPECT_EQ(requests[1].Param("Page"), "2");
}

TEST_F(UsajobsConnectorTest, NextSyncSendsDatePosted) {
  ServeBothPages();
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-03T00:00:00Z"}}));

  now_ = At("2024-05-04T06:00:00Z");
  ASSERT_TRUE(RunSync(*connector, first->cursors.back()).ok());

  auto requests = server_->RequestsTo(kSearch);
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[2].Param("DatePosted"), "3");  // 1 day 6 hours -> 2 days, plus one
  EXPECT_EQ(requests[3].Param("DatePosted"), "3");
}

TEST_F(UsajobsConnectorTest, SinceBeyondSixtyDaysIsAFullSync) {
  ServeBothPages();
  auto connector = Make();

  ASSERT_TRUE(RunSync(*connector, {{"since", "2024-01-01T00:00:00Z"}}).ok());

  EXPECT_FALSE(server_->RequestsTo(kSearch).at(0).HasParam("DatePosted"));
}

TEST_F(UsajobsConnectorTest, WithoutNumberOfPagesAShortPageIsTheLast) {
  auto page = nlohmann::json::parse(ReadFixture("usajobs/search_page1.json"));
  page["SearchResult"].erase("UserArea");
  server_->Add(kSearch, JsonResponse(page.dump()));
  auto options = Options();
  options.results_per_page = 3;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 1);
}

TEST_F(UsajobsConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto page = nlohmann::json::parse(ReadFixture("usajobs/search_page1.json"));
  auto& items = page["SearchResult"]["SearchResultItems"];
  items[0]["MatchedObjectDescriptor"].erase("PositionTitle");
  items.push_back({{"MatchedObjectId", "1"}});
  items.push_back(42);
  page["SearchResult"]["UserArea"]["NumberOfPages"] = "1";
  server_->Add(kSearch, JsonResponse(page.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  EXPECT_EQ(sync->postings[0].external_id, "790012301");
  ASSERT_EQ(sync->rejected.size(), 3u);
  EXPECT_EQ(sync->rejected[0].where, "item 1 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing PositionTitle");
  EXPECT_EQ(sync->rejected[1].reason, "missing MatchedObjectDescriptor");
  EXPECT_EQ(sync->rejected[2].where, "item 4 of page 1");
}

TEST_F(UsajobsConnectorTest, UnpaidAndPieceWorkHaveNoSalary) {
  auto page = nlohmann::json::parse(ReadFixture("usajobs/search_page2.json"));
  auto& pay = page["SearchResult"]["SearchResultItems"][0]["MatchedObjectDescriptor"]
                  ["PositionRemuneration"][0];
  for (const char* code : {"WC", "PW"}) {
    pay["RateIntervalCode"] = code;
    ASSERT_NO_FATAL_FAILURE(RestartServer());
    server_->Add(kSearch, JsonResponse(page.dump()));
    auto connector = Make();

    auto sync = RunSync(*connector);

    ASSERT_TRUE(sync.ok()) << sync.status();
    EXPECT_FALSE(sync->postings.at(0).salary.has_value()) << code;
  }
}

TEST_F(UsajobsConnectorTest, AcceptsTheOlderSpelledOutIntervals) {
  auto page = nlohmann::json::parse(ReadFixture("usajobs/search_page2.json"));
  auto& descriptor = page["SearchResult"]["SearchResultItems"][0]["MatchedObjectDescriptor"];
  descriptor["PositionRemuneration"][0] = {
      {"MinimumRange", "92166"}, {"MaximumRange", "161600"}, {"RateIntervalCode", "Per Year"}};
  descriptor["PublicationStartDate"] = "2016-06-08T00:00:00Z";
  server_->Add(kSearch, JsonResponse(page.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  const Posting& posting = sync->postings.at(0);
  ASSERT_TRUE(posting.salary.has_value());
  EXPECT_EQ(posting.salary->period, "year");
  EXPECT_EQ(posting.salary->min, 92166);
  EXPECT_EQ(posting.posted_at, At("2016-06-08T00:00:00Z"));
}

TEST_F(UsajobsConnectorTest, BadKeyIsUnauthenticatedAndNeverQuoted) {
  server_->Add(kSearch,
               ErrorResponse(401, std::string("{\"message\":\"bad key ") + kApiKey + "\"}"));
  auto connector = Make();

  auto page = connector->FetchPage(nullptr);

  EXPECT_TRUE(absl::IsUnauthenticated(page.status())) << page.status();
  EXPECT_THAT(page.status().message(), HasSubstr("usajobs"));
  EXPECT_THAT(page.status().message(), Not(HasSubstr(kApiKey)));
}

TEST_F(UsajobsConnectorTest, RejectsBadOptions) {
  EXPECT_EQ(FieldRejected([](UsajobsOptions& o) { o.api_key.clear(); }), "api_key");
  EXPECT_EQ(FieldRejected([](UsajobsOptions& o) { o.email.clear(); }), "email");
  EXPECT_EQ(FieldRejected([](UsajobsOptions& o) { o.results_per_page = 501; }), "results_per_page");
  EXPECT_EQ(FieldRejected([](UsajobsOptions& o) { o.max_pages = 0; }), "max_pages");
}

}  // namespace
}  // namespace jobrec::ingest
