#include "jobrec/ingest/adzuna_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::jobrec::ingest::testing;

constexpr char kPage1[] = "/v1/api/jobs/gb/search/1";
constexpr char kPage2[] = "/v1/api/jobs/gb/search/2";
constexpr char kAppId[] = "id-4242-secret";
constexpr char kAppKey[] = "key-0123456789abcdef";

class AdzunaConnectorTest : public ConnectorTest<AdzunaConnector, AdzunaOptions> {
 protected:
  AdzunaOptions Options() const override {
    AdzunaOptions options;
    options.app_id = kAppId;
    options.app_key = kAppKey;
    options.what = "c++";
    options.where = "UK";
    options.results_per_page = 3;
    return options;
  }
};

TEST_F(AdzunaConnectorTest, SyncsTwoPagesAndMapsEveryField) {
  server_->AddFile(kPage1, "adzuna/search_page1.json");
  server_->AddFile(kPage2, "adzuna/search_page2.json");
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 2);
  EXPECT_EQ(sync->postings.size(), 4u);
  EXPECT_TRUE(sync->rejected.empty());

  const Posting* first = FindPosting(*sync, "4012345671");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->provider, "adzuna");
  EXPECT_EQ(first->title, "Senior C++ Developer");
  EXPECT_EQ(first->company, "Marlow Trading Ltd");
  EXPECT_EQ(
      first->url,
      "https://www.adzuna.co.uk/jobs/land/ad/4012345671?se=abc&utm_medium=api&utm_source=test");
  EXPECT_EQ(first->location.text, "Marlow, Buckinghamshire");
  EXPECT_EQ(first->location.city, "Marlow");
  EXPECT_EQ(first->location.region, "South East England");
  EXPECT_EQ(first->location.country, "GB");
  EXPECT_EQ(first->remote, RemoteMode::kUnknown);
  ASSERT_TRUE(first->salary.has_value());
  EXPECT_EQ(first->salary->min, 70000);
  EXPECT_EQ(first->salary->max, 85000);
  EXPECT_EQ(first->salary->currency, "GBP");
  EXPECT_EQ(first->salary->period, "year");
  EXPECT_EQ(first->employment_type, "full_time");
  EXPECT_EQ(first->posted_at, At("2024-05-02T09:15:00Z"));
  EXPECT_THAT(first->description, HasSubstr("C++20 & Linux"));
  EXPECT_THAT(first->description, Not(HasSubstr("<")));
  EXPECT_EQ(first->labels["category"], "IT Jobs");
  EXPECT_EQ(first->labels["category_tag"], "it-jobs");
  EXPECT_DOUBLE_EQ(first->labels["geo"]["lat"].get<double>(), 51.571999);
  EXPECT_EQ(nlohmann::json::parse(first->raw_json)["adref"],
            "eyJhbGciOiJIUzI1NiJ9.eyJzIjoiYWJjIiwiaSI6IjQwMTIzNDU2NzEifQ.c2lnbmF0dXJl");

  // A numeric id; "(Remote)" in the title; Adzuna's salary estimate is not an offer.
  const Posting* second = FindPosting(*sync, "4012345672");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->remote, RemoteMode::kRemote);
  EXPECT_EQ(second->location.region, "London");
  EXPECT_EQ(second->location.city, "");
  EXPECT_FALSE(second->salary.has_value());
  EXPECT_EQ(second->labels["salary_estimate"]["min"], 48216.12);
  EXPECT_EQ(second->labels["salary_estimate"]["currency"], "GBP");

  EXPECT_EQ(FindPosting(*sync, "4012345673")->employment_type, "contract");

  // 25–30 a "year" is not a plausible salary: dropped, still in raw.
  const Posting* tutor = FindPosting(*sync, "4012345674");
  ASSERT_NE(tutor, nullptr);
  EXPECT_FALSE(tutor->salary.has_value());
  EXPECT_EQ(nlohmann::json::parse(tutor->raw_json)["salary_min"], 25);
  EXPECT_EQ(tutor->employment_type, "part_time");
  EXPECT_EQ(tutor->location.city, "Edinburgh");
}

TEST_F(AdzunaConnectorTest, SendsTheDocumentedQuery) {
  server_->AddFile(kPage1, "adzuna/search_page2.json");
  auto options = Options();
  options.what_or = "rust go";
  options.what_exclude = "senior";
  auto connector = Make(options);

  ASSERT_TRUE(RunSync(*connector).ok());

  auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 1u);
  const RecordedRequest& request = requests[0];
  EXPECT_EQ(request.path, kPage1);
  EXPECT_EQ(request.Param("app_id"), kAppId);
  EXPECT_EQ(request.Param("app_key"), kAppKey);
  EXPECT_EQ(request.Param("results_per_page"), "3");
  EXPECT_EQ(request.Param("what"), "c++");
  EXPECT_EQ(request.Param("what_or"), "rust go");
  EXPECT_EQ(request.Param("what_exclude"), "senior");
  EXPECT_EQ(request.Param("where"), "UK");
  EXPECT_EQ(request.Param("sort_by"), "date");
  EXPECT_EQ(request.Param("content-type"), "application/json");
  EXPECT_FALSE(request.HasParam("max_days_old")) << "a first sync is a full one";
}

TEST_F(AdzunaConnectorTest, StopsWhenCountIsReached) {
  // A full page, but `count` says there is nothing more: no request for page 2.
  auto page = nlohmann::json::parse(ReadFixture("adzuna/search_page1.json"));
  page["count"] = 3;
  server_->Add(kPage1, JsonResponse(page.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 1);
  EXPECT_TRUE(server_->RequestsTo(kPage2).empty());
}

TEST_F(AdzunaConnectorTest, StopsAtMaxPages) {
  server_->AddFile(kPage1, "adzuna/search_page1.json");
  auto options = Options();
  options.max_pages = 1;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 1);
}

TEST_F(AdzunaConnectorTest, NextSyncAsksOnlyForDaysSinceTheLastOne) {
  server_->AddFile(kPage1, "adzuna/search_page1.json");
  server_->AddFile(kPage2, "adzuna/search_page2.json");
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  // Mid-sync the cursor points at the next page; at the end it only keeps the start time.
  EXPECT_EQ(first->cursors[0]["next"], 2);
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-03T00:00:00Z"}}));

  now_ = At("2024-05-05T01:00:00Z");  // 2 days 1 hour later -> 3 days, plus one of overlap
  auto second = RunSync(*connector, first->cursors.back());

  ASSERT_TRUE(second.ok()) << second.status();
  auto requests = server_->RequestsTo(kPage1);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].Param("max_days_old"), "4");
  EXPECT_EQ(second->cursors.back(), nlohmann::json({{"since", "2024-05-05T01:00:00Z"}}));
}

TEST_F(AdzunaConnectorTest, ConfiguredMaxDaysOldBoundsAnIncrementalSync) {
  server_->AddFile(kPage1, "adzuna/search_page2.json");
  auto options = Options();
  options.max_days_old = 2;
  auto connector = Make(options);

  ASSERT_TRUE(RunSync(*connector, {{"since", "2024-04-01T00:00:00Z"}}).ok());

  EXPECT_EQ(server_->RequestsTo(kPage1).at(0).Param("max_days_old"), "2");
}

TEST_F(AdzunaConnectorTest, ResumesAnInterruptedSyncAtItsPage) {
  server_->AddFile(kPage2, "adzuna/search_page2.json");
  auto connector = Make();

  auto page = connector->FetchPage(
      {{"next", 2}, {"since", "2024-05-01T00:00:00Z"}, {"mark", "2024-05-02T00:00:00Z"}});

  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->last);
  EXPECT_EQ(page->postings.size(), 1u);
  EXPECT_TRUE(server_->RequestsTo(kPage1).empty());
  EXPECT_EQ(server_->RequestsTo(kPage2).at(0).Param("max_days_old"), "2");
  EXPECT_EQ(page->next_cursor, nlohmann::json({{"since", "2024-05-02T00:00:00Z"}}));
}

TEST_F(AdzunaConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto page = nlohmann::json::parse(ReadFixture("adzuna/search_page1.json"));
  page["results"][1].erase("title");
  page["results"][2].erase("id");
  page["results"].push_back("not an ad");
  page["count"] = 4;
  server_->Add(kPage1, JsonResponse(page.dump()));
  auto options = Options();
  options.results_per_page = 4;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  EXPECT_EQ(sync->postings[0].external_id, "4012345671");
  ASSERT_EQ(sync->rejected.size(), 3u);
  EXPECT_EQ(sync->rejected[0].where, "item 2 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing title");
  EXPECT_EQ(sync->rejected[1].where, "item 3 of page 1");
  EXPECT_EQ(sync->rejected[1].reason, "missing id");
  EXPECT_EQ(sync->rejected[2].where, "item 4 of page 1");
  EXPECT_THAT(sync->rejected[2].reason, HasSubstr("not a JSON object"));
}

TEST_F(AdzunaConnectorTest, AuthFailIsUnauthenticatedWhateverTheHttpStatus) {
  for (int status : {401, 400}) {
    ASSERT_NO_FATAL_FAILURE(RestartServer());
    server_->Add(kPage1, JsonResponse(ReadFixture("adzuna/auth_fail.json"), status));
    auto connector = Make();

    auto page = connector->FetchPage(nullptr);

    EXPECT_TRUE(absl::IsUnauthenticated(page.status())) << status << ": " << page.status();
    EXPECT_THAT(page.status().message(), HasSubstr("adzuna"));
    EXPECT_THAT(page.status().message(), Not(HasSubstr(kAppKey)));
    EXPECT_THAT(page.status().message(), Not(HasSubstr(kAppId)));
  }
}

TEST_F(AdzunaConnectorTest, OtherBadRequestsAreInvalidArgument) {
  server_->Add(kPage1, JsonResponse(R"({"exception":"BAD_PARAM","display":"bad where"})", 400));
  auto connector = Make();

  auto page = connector->FetchPage(nullptr);

  EXPECT_TRUE(absl::IsInvalidArgument(page.status())) << page.status();
}

TEST_F(AdzunaConnectorTest, RejectsBadOptions) {
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.country = "xx"; }), "country");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.app_id.clear(); }), "app_id");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.app_key.clear(); }), "app_key");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.results_per_page = 51; }), "results_per_page");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.max_pages = 0; }), "max_pages");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.max_days_old = 0; }), "max_days_old");
  EXPECT_EQ(FieldRejected([](AdzunaOptions& o) { o.country = "US"; }), "") << "case-insensitive";
}

TEST_F(AdzunaConnectorTest, BadCursorIsInvalidArgument) {
  auto connector = Make();
  EXPECT_EQ(common::FieldOf(connector->FetchPage({{"next", "two"}}).status()), "cursor.next");
  EXPECT_EQ(common::FieldOf(connector->FetchPage({{"since", "yesterday"}}).status()),
            "cursor.since");
  EXPECT_EQ(common::FieldOf(connector->FetchPage(nlohmann::json::array()).status()), "cursor");
  EXPECT_TRUE(server_->Requests().empty());
}

}  // namespace
}  // namespace jobrec::ingest
