#include "jobrec/ingest/lever_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using namespace ::jobrec::ingest::testing;

constexpr char kPostings[] = "/v0/postings/leverdemo";
constexpr char kBackend[] = "5ac21346-8e0c-4494-8e7a-3eb92ff77902";

class LeverConnectorTest : public ConnectorTest<LeverConnector, LeverOptions> {
 protected:
  LeverOptions Options() const override {
    LeverOptions options;
    options.site = "leverdemo";
    options.company = "Lever Demo";
    options.limit = 2;
    return options;
  }

  void ServeBothPages() {
    server_->AddFile(std::string(kPostings) + "?skip=0", "lever/postings_page1.json");
    server_->AddFile(std::string(kPostings) + "?skip=2", "lever/postings_page2.json");
  }
};

TEST_F(LeverConnectorTest, PagesWithSkipAndLimitAndMapsEveryField) {
  ServeBothPages();
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 2);
  ASSERT_EQ(sync->postings.size(), 3u);
  auto requests = server_->RequestsTo(kPostings);
  ASSERT_EQ(requests.size(), 2u) << "a page shorter than the limit is the last";
  EXPECT_EQ(requests[0].Param("mode"), "json");
  EXPECT_EQ(requests[0].Param("limit"), "2");
  EXPECT_EQ(requests[0].Param("skip"), "0");
  EXPECT_EQ(requests[1].Param("skip"), "2");

  const Posting* backend = FindPosting(*sync, kBackend);
  ASSERT_NE(backend, nullptr);
  EXPECT_EQ(backend->provider, "lever");
  EXPECT_EQ(backend->title, "Senior Backend Engineer");
  EXPECT_EQ(backend->company, "Lever Demo");
  EXPECT_EQ(backend->url, std::string("https://jobs.lever.co/leverdemo/") + kBackend);
  EXPECT_EQ(backend->location.text, "San Francisco, CA");
  EXPECT_EQ(backend->location.city, "San Francisco");
  EXPECT_EQ(backend->location.region, "California");
  EXPECT_EQ(backend->location.country, "US");
  EXPECT_EQ(backend->remote, RemoteMode::kHybrid);
  EXPECT_EQ(backend->employment_type, "full_time");
  ASSERT_TRUE(backend->salary.has_value());
  EXPECT_EQ(backend->salary->min, 180000);
  EXPECT_EQ(backend->salary->max, 220000);
  EXPECT_EQ(backend->salary->currency, "USD");
  EXPECT_EQ(backend->salary->period, "year");
  EXPECT_EQ(backend->posted_at, At("2024-05-01T10:00:00Z"));
  EXPECT_EQ(backend->description,
            "Lever builds hiring software.\nYou will own our postings service.\n\n"
            "Requirements\n- 5+ years of Go or C++\n- Distributed systems\n\n"
            "Benefits\n- Equity\n\n"
            "We are an equal opportunity employer.");
  EXPECT_EQ(backend->labels["team"], "Platform");
  EXPECT_EQ(backend->labels["department"], "Engineering");
  EXPECT_EQ(backend->labels["apply_url"],
            std::string("https://jobs.lever.co/leverdemo/") + kBackend + "/apply");
  EXPECT_EQ(backend->labels["all_locations"],
            nlohmann::json({"San Francisco, CA", "New York, NY"}));

  const Posting* support = FindPosting(*sync, "0f1e2d3c-0000-4000-8000-000000000002");
  ASSERT_NE(support, nullptr);
  EXPECT_EQ(support->remote, RemoteMode::kRemote);
  EXPECT_EQ(support->location.country, "CA");
  EXPECT_EQ(support->employment_type, "part_time");
  EXPECT_EQ(support->salary->period, "hour");
  EXPECT_EQ(support->salary->currency, "CAD");

  const Posting* intern = FindPosting(*sync, "0f1e2d3c-0000-4000-8000-000000000003");
  ASSERT_NE(intern, nullptr);
  EXPECT_EQ(intern->remote, RemoteMode::kOnsite);
  EXPECT_EQ(intern->employment_type, "internship");
  EXPECT_EQ(intern->location.country, "GB");
  EXPECT_FALSE(intern->salary.has_value());
}

TEST_F(LeverConnectorTest, PassesFiltersAndResumesAtTheSavedOffset) {
  server_->AddFile(std::string(kPostings) + "?skip=2", "lever/postings_page2.json");
  auto options = Options();
  options.team = "Brand";
  options.commitment = "Intern";
  auto connector = Make(options);

  auto page = connector->FetchPage({{"next", 2}});

  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->last);
  auto requests = server_->RequestsTo(kPostings);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Param("team"), "Brand");
  EXPECT_EQ(requests[0].Param("commitment"), "Intern");
  EXPECT_FALSE(requests[0].HasParam("department"));
}

TEST_F(LeverConnectorTest, NextSyncKeepsOnlyPostingsCreatedSinceTheNewestSeen) {
  ServeBothPages();
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-01T10:00:00Z"}}));

  auto newer = nlohmann::json::parse(ReadFixture("lever/postings_page2.json"));
  newer[0]["id"] = "new-posting";
  newer[0]["createdAt"] = 1714734000000;  // 2024-05-03T11:00:00Z
  server_->Add(std::string(kPostings) + "?skip=2", JsonResponse(newer.dump()));
  auto second = RunSync(*connector, first->cursors.back());

  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->pages, 2) << "Lever has no since filter: every page is read";
  ASSERT_EQ(second->postings.size(), 1u);
  EXPECT_EQ(second->postings[0].external_id, "new-posting");
  EXPECT_EQ(second->cursors.back(), nlohmann::json({{"since", "2024-05-03T11:00:00Z"}}));
}

TEST_F(LeverConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto postings = nlohmann::json::parse(ReadFixture("lever/postings_page1.json"));
  postings[0].erase("hostedUrl");
  postings.push_back({{"id", "x"}, {"text", ""}, {"hostedUrl", "https://jobs.lever.co/x"}});
  server_->Add(kPostings, JsonResponse(postings.dump()));
  auto options = Options();
  options.limit = 10;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  ASSERT_EQ(sync->rejected.size(), 2u);
  EXPECT_EQ(sync->rejected[0].where, "item 1 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing hostedUrl");
  EXPECT_EQ(sync->rejected[1].where, "item 3 of page 1");
  EXPECT_EQ(sync->rejected[1].reason, "missing text");
}

TEST_F(LeverConnectorTest, AnObjectInsteadOfAnArrayIsInvalidArgument) {
  server_->Add(kPostings, JsonResponse(R"({"ok":false,"error":"Document not found"})"));
  auto connector = Make();

  auto page = connector->FetchPage(nullptr);

  EXPECT_TRUE(absl::IsInvalidArgument(page.status())) << page.status();
  EXPECT_THAT(page.status().message(), HasSubstr("lever"));
}

TEST_F(LeverConnectorTest, RejectsBadOptions) {
  EXPECT_EQ(FieldRejected([](LeverOptions& o) { o.site = "lever demo"; }), "site");
  EXPECT_EQ(FieldRejected([](LeverOptions& o) { o.limit = 0; }), "limit");
  EXPECT_EQ(FieldRejected([](LeverOptions& o) { o.max_pages = 0; }), "max_pages");
}

}  // namespace
}  // namespace jobrec::ingest
