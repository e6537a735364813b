#include "jobrec/ingest/arbeitnow_connector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobrec/ingest/testing/connector_test_support.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using ::testing::HasSubstr;
using namespace ::jobrec::ingest::testing;

constexpr char kBoard[] = "/api/job-board-api";

class ArbeitnowConnectorTest : public ConnectorTest<ArbeitnowConnector, ArbeitnowOptions> {
 protected:
  void ServeBothPages() {
    server_->AddFile(std::string(kBoard) + "?page=1", "arbeitnow/page1.json");
    server_->AddFile(std::string(kBoard) + "?page=2", "arbeitnow/page2.json");
  }
};

TEST_F(ArbeitnowConnectorTest, FollowsLinksNextAndMapsEveryField) {
  ServeBothPages();
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 2);
  ASSERT_EQ(sync->postings.size(), 3u);
  EXPECT_EQ(server_->RequestsTo(kBoard).size(), 2u) << "links.next is null on page 2";

  const Posting* backend = FindPosting(*sync, "backend-developer-berlin-123401");
  ASSERT_NE(backend, nullptr);
  EXPECT_EQ(backend->provider, "arbeitnow");
  EXPECT_EQ(backend->title, "Backend Developer (m/w/d)");
  EXPECT_EQ(backend->company, "Passerelle GmbH");
  EXPECT_EQ(backend->url,
            "https://www.arbeitnow.com/jobs/companies/passerelle-gmbh/"
            "backend-developer-berlin-123401");
  EXPECT_EQ(backend->location.text, "Berlin");
  EXPECT_EQ(backend->location.city, "Berlin");
  EXPECT_EQ(backend->remote, RemoteMode::kUnknown) << "remote: false is not \"on-site\"";
  EXPECT_EQ(backend->employment_type, "full_time");
  EXPECT_EQ(backend->posted_at, At("2024-05-02T09:00:00Z"));
  EXPECT_EQ(backend->description, "Wir bauen APIs in Go & PostgreSQL.\n\nTeam of 6.");
  EXPECT_EQ(backend->labels["tags"], nlohmann::json({"Software Development", "Go"}));
  EXPECT_EQ(backend->labels["job_types"], nlohmann::json({"Full Time", "berufserfahren"}));
  EXPECT_FALSE(backend->salary.has_value());

  const Posting* student = FindPosting(*sync, "werkstudent-data-munich-123402");
  ASSERT_NE(student, nullptr);
  EXPECT_EQ(student->remote, RemoteMode::kRemote);
  EXPECT_EQ(student->employment_type, "part_time");
  EXPECT_EQ(student->location.city, "München");

  EXPECT_EQ(FindPosting(*sync, "praktikum-marketing-hamburg-123403")->employment_type,
            "internship");
}

TEST_F(ArbeitnowConnectorTest, NextSyncStopsAtThePreviousNewestJob) {
  ServeBothPages();
  auto connector = Make();
  auto first = RunSync(*connector);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cursors[0]["next"], 2);
  EXPECT_EQ(first->cursors.back(), nlohmann::json({{"since", "2024-05-02T09:00:00Z"}}));

  auto page = nlohmann::json::parse(ReadFixture("arbeitnow/page1.json"));
  const nlohmann::json added = {{"slug", "new-job-1"},
                                {"company_name", "Neu GmbH"},
                                {"title", "SRE"},
                                {"description", "<p>Neu.</p>"},
                                {"remote", true},
                                {"url", "https://www.arbeitnow.com/jobs/new-job-1"},
                                {"tags", nlohmann::json::array()},
                                {"job_types", nlohmann::json::array()},
                                {"location", "Köln"},
                                {"created_at", 1714723200}};
  page["data"].insert(page["data"].begin(), added);
  server_->Add(std::string(kBoard) + "?page=1", JsonResponse(page.dump()));
  auto second = RunSync(*connector, first->cursors.back());

  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->pages, 1) << "page 1 already reaches back to the previous sync";
  ASSERT_EQ(second->postings.size(), 1u);
  EXPECT_EQ(second->postings[0].external_id, "new-job-1");
  EXPECT_EQ(server_->RequestsTo(kBoard).size(), 3u);
  EXPECT_EQ(second->cursors.back(), nlohmann::json({{"since", "2024-05-03T08:00:00Z"}}));
}

TEST_F(ArbeitnowConnectorTest, StopsAtMaxPagesEvenWithANextLink) {
  server_->AddFile(kBoard, "arbeitnow/page1.json");
  ArbeitnowOptions options;
  options.max_pages = 3;
  auto connector = Make(options);

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->pages, 3);
  EXPECT_EQ(server_->RequestsTo(kBoard).back().Param("page"), "3");
}

TEST_F(ArbeitnowConnectorTest, MalformedItemsAreRejectedAndTheRestKept) {
  auto page = nlohmann::json::parse(ReadFixture("arbeitnow/page2.json"));
  page["data"].push_back({{"slug", ""}, {"title", "No slug"}, {"url", "https://x"}});
  page["data"].push_back({{"slug", "no-title"}, {"url", "https://x"}});
  server_->Add(kBoard, JsonResponse(page.dump()));
  auto connector = Make();

  auto sync = RunSync(*connector);

  ASSERT_TRUE(sync.ok()) << sync.status();
  ASSERT_EQ(sync->postings.size(), 1u);
  ASSERT_EQ(sync->rejected.size(), 2u);
  EXPECT_EQ(sync->rejected[0].where, "item 2 of page 1");
  EXPECT_EQ(sync->rejected[0].reason, "missing slug");
  EXPECT_EQ(sync->rejected[1].where, "item 3 of page 1");
  EXPECT_EQ(sync->rejected[1].reason, "missing title");
}

TEST_F(ArbeitnowConnectorTest, RejectsMaxPagesBelowOne) {
  EXPECT_EQ(FieldRejected([](ArbeitnowOptions& o) { o.max_pages = 0; }), "max_pages");
}

}  // namespace
}  // namespace jobrec::ingest
