#include "jobrec/ingest/jsonld_connector.h"

#include <gtest/gtest.h>

#include <string>

#include "jobrec/ingest/testing/fixture_path.h"
#include "jobrec/ingest/testing/replay_server.h"

namespace jobrec::ingest {
namespace {

using testing::ReadFixture;
using testing::ReplayServer;

std::shared_ptr<common::HttpClient> FastClient() {
  common::HttpClientOptions options;
  options.max_attempts = 2;
  options.backoff_base = std::chrono::milliseconds(10);
  options.backoff_max = std::chrono::milliseconds(50);
  options.connect_timeout = std::chrono::milliseconds(2000);
  return common::NewCurlHttpClient(options);
}

TEST(JsonLdConnector, FetchesPagesInOrderWithACursor) {
  auto server = ReplayServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Add("/jobs/1", testing::HtmlResponse(ReadFixture("html/jsonld_single.html")));
  (*server)->Add("/jobs/2", testing::HtmlResponse(ReadFixture("html/jsonld_graph.html")));
  (*server)->Add("/gone", testing::HtmlResponse("<p>not found</p>", 404));
  (*server)->Add("/plain", testing::HtmlResponse("<p>just a page</p>"));
  const std::string base = (*server)->BaseUrl();
  auto connector = NewJsonLdConnector(
      {{"urls", {base + "/jobs/1", base + "/gone", base + "/jobs/2", base + "/plain"}},
       {"provider", "careers"},
       {"pages_per_fetch", 2}},
      FastClient());
  ASSERT_TRUE(connector.ok()) << connector.status();

  auto first = (*connector)->FetchPage(nullptr);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->last);
  EXPECT_EQ(first->next_cursor, (nlohmann::json{{"next", 2}}));
  ASSERT_EQ(first->postings.size(), 1u);
  EXPECT_EQ(first->postings[0].external_id, "NW-1042");
  EXPECT_EQ(first->postings[0].provider, "careers");
  EXPECT_EQ(first->postings[0].url, base + "/jobs/nw-1042");
  ASSERT_EQ(first->rejected.size(), 1u);
  EXPECT_EQ(first->rejected[0].where, base + "/gone");
  EXPECT_EQ(first->rejected[0].reason, "HTTP 404");

  auto second = (*connector)->FetchPage(first->next_cursor);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->last);
  EXPECT_EQ(second->postings.size(), 3u);
  bool saw_no_posting = false;
  for (const Rejection& r : second->rejected) {
    saw_no_posting = saw_no_posting || (r.where == base + "/plain" &&
                                        r.reason == "no schema.org JobPosting on the page");
  }
  EXPECT_TRUE(saw_no_posting);
  EXPECT_EQ((*server)->RequestsTo("/jobs/1").size(), 1u);
}

TEST(JsonLdConnector, UnreachableHostFailsThePage) {
  // A port nothing listens on: bind a server, note its port, stop it.
  std::string dead;
  {
    auto server = ReplayServer::Start();
    ASSERT_TRUE(server.ok());
    dead = (*server)->BaseUrl() + "/x";
  }
  auto connector = NewJsonLdConnector({{"urls", {dead}}, {"timeout_ms", 2000}}, FastClient());
  ASSERT_TRUE(connector.ok());
  auto page = (*connector)->FetchPage(nullptr);
  ASSERT_FALSE(page.ok());
  EXPECT_TRUE(page.status().code() == absl::StatusCode::kUnavailable ||
              page.status().code() == absl::StatusCode::kDeadlineExceeded)
      << page.status();
}

TEST(JsonLdConnector, ValidatesParametersAndCursor) {
  auto http = FastClient();
  EXPECT_EQ(common::FieldOf(NewJsonLdConnector({{"urls", nlohmann::json::array()}}, http).status()),
            "urls");
  EXPECT_EQ(common::FieldOf(NewJsonLdConnector({{"urls", {"ftp://x"}}}, http).status()), "urls[0]");
  EXPECT_EQ(
      common::FieldOf(
          NewJsonLdConnector({{"urls", {"http://x"}}, {"pages_per_fetch", 0}}, http).status()),
      "pages_per_fetch");
  EXPECT_EQ(
      common::FieldOf(NewJsonLdConnector({{"urls", {"http://x"}}, {"bogus", 1}}, http).status()),
      "bogus");
  EXPECT_EQ(common::FieldOf(NewJsonLdConnector({{"urls", {"http://x"}}}, nullptr).status()),
            "http");
  auto connector = NewJsonLdConnector({{"urls", {"http://127.0.0.1:9/x"}}}, http);
  ASSERT_TRUE(connector.ok());
  EXPECT_EQ((*connector)->FetchPage({{"next", -1}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*connector)->FetchPage("x").status().code(), absl::StatusCode::kInvalidArgument);
  // A cursor past the list is an empty last page.
  auto past = (*connector)->FetchPage({{"next", 5}});
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->last);
}

}  // namespace
}  // namespace jobrec::ingest
