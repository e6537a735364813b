#include "jobrec/ingest/jsonld.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/testing/fixture_path.h"

namespace jobrec::ingest {
namespace {

using testing::ReadFixture;

TEST(JsonLd, ExtractsOnlyLdJsonScripts) {
  const auto scripts = ExtractJsonLdScripts(ReadFixture("html/jsonld_single.html"));
  ASSERT_EQ(scripts.size(), 2u);
  EXPECT_NE(scripts[0].find("Senior Data Engineer"), std::string::npos);
  EXPECT_NE(scripts[1].find("Organization"), std::string::npos);
  EXPECT_TRUE(ExtractJsonLdScripts("").empty());
  EXPECT_TRUE(ExtractJsonLdScripts("<p>no scripts</p>").empty());
}

TEST(JsonLd, SingleObjectWithNestedThings) {
  const JsonLdPage page = JobPostingsFromHtml(ReadFixture("html/jsonld_single.html"),
                                              "https://careers.example/jobs/list?x=1", "jsonld");
  EXPECT_TRUE(page.rejected.empty());
  ASSERT_EQ(page.postings.size(), 1u);
  const Posting& p = page.postings[0];
  EXPECT_EQ(p.external_id, "NW-1042");
  EXPECT_EQ(p.title, "Senior Data Engineer");
  EXPECT_EQ(p.company, "Northwind Analytics");
  EXPECT_EQ(p.url, "https://careers.example/jobs/nw-1042");
  EXPECT_EQ(p.location.city, "Austin");
  EXPECT_EQ(p.location.region, "Texas");
  EXPECT_EQ(p.location.country, "US");
  EXPECT_EQ(p.employment_type, "full_time");
  ASSERT_TRUE(p.salary);
  EXPECT_EQ(p.salary->min, 140000);
  EXPECT_EQ(p.salary->max, 175000);
  EXPECT_EQ(p.salary->currency, "USD");
  EXPECT_EQ(p.salary->period, "year");
  EXPECT_EQ(p.description, "Build our data platform.\n\n- Spark\n- PostgreSQL");
  EXPECT_EQ(FormatTimestamp(*p.posted_at), "2024-01-05T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*p.expires_at), "2024-03-01T00:00:00Z");
  EXPECT_EQ(nlohmann::json::parse(p.raw_json)["identifier"]["value"], "NW-1042");
}

TEST(JsonLd, GraphArraysTelecommuteAndBadItems) {
  const JsonLdPage page =
      JobPostingsFromHtml(ReadFixture("html/jsonld_graph.html"), "https://careers.example/", "acme");
  std::map<std::string, Posting> by_title;
  for (const Posting& p : page.postings) by_title[p.title] = p;
  ASSERT_EQ(by_title.size(), 3u);

  const Posting& remote = by_title.at("Remote Support Agent");
  EXPECT_EQ(remote.provider, "acme");
  EXPECT_EQ(remote.external_id, "77");
  EXPECT_EQ(remote.remote, RemoteMode::kRemote);
  EXPECT_EQ(remote.location.country, "DE");
  EXPECT_EQ(remote.company, "Helpdesk Co");
  EXPECT_EQ(remote.salary->period, "hour");
  EXPECT_EQ(remote.salary->min, 22.5);
  EXPECT_EQ(remote.employment_type, "part_time");
  EXPECT_EQ(remote.description, "Help our customers & partners.");
  EXPECT_EQ(FormatTimestamp(*remote.posted_at), "2024-02-01T08:00:00Z");
  EXPECT_EQ(remote.url, "https://careers.example/");

  const Posting& lead = by_title.at("Warehouse Lead");
  EXPECT_EQ(lead.external_id, "https://careers.example/jobs/wl");  // no identifier: the url
  EXPECT_EQ(lead.location.city, "Leeds");
  EXPECT_EQ(lead.location.country, "GB");

  EXPECT_TRUE(by_title.contains("Array Item One"));

  std::map<std::string, std::string> rejected;
  for (const Rejection& r : page.rejected) rejected[r.where] = r.reason;
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_NE(rejected.at("https://careers.example/ posting 4").find("title"), std::string::npos);
  EXPECT_NE(rejected.at("https://careers.example/ posting 5").find("datePosted"),
            std::string::npos);
  EXPECT_EQ(rejected.at("https://careers.example/ block 3"), "invalid JSON");
}

TEST(JsonLd, FindJobPostingsShapes) {
  using Json = nlohmann::json;
  EXPECT_EQ(FindJobPostings(Json{{"@type", "JobPosting"}}).size(), 1u);
  EXPECT_EQ(FindJobPostings(Json{{"@type", "http://schema.org/JobPosting"}}).size(), 1u);
  EXPECT_EQ(FindJobPostings(Json{{"@type", {"Thing", "JobPosting"}}}).size(), 1u);
  EXPECT_EQ(FindJobPostings(Json{{"@type", "WebPage"},
                                 {"mainEntity", {{"@type", "JobPosting"}}}}).size(), 1u);
  EXPECT_EQ(FindJobPostings(Json::array({Json{{"@type", "JobPosting"}}, 5, "x", nullptr}))
                .size(),
            1u);
  EXPECT_TRUE(FindJobPostings(Json{{"@type", "Organization"}}).empty());
  EXPECT_TRUE(FindJobPostings(Json(42)).empty());
  Json deep = Json{{"@type", "JobPosting"}};
  for (int i = 0; i < 200; ++i) deep = Json{{"@graph", Json::array({deep})}};
  EXPECT_TRUE(FindJobPostings(deep).empty());  // past the depth limit: ignored, no crash
}

TEST(JsonLd, WrongTypesAreReasons) {
  using Json = nlohmann::json;
  const Json base = {{"@type", "JobPosting"}, {"title", "T"}, {"url", "https://x/1"}};
  Json bad_salary = base;
  bad_salary["baseSalary"] = {{"currency", "USD"}, {"value", {{"minValue", "lots"}}}};
  EXPECT_FALSE(PostingFromJobPosting(bad_salary, "https://x/", "p").ok());
  Json bad_location = base;
  bad_location["jobLocation"] = 5;
  EXPECT_EQ(common::FieldOf(PostingFromJobPosting(bad_location, "https://x/", "p").status()),
            "jobLocation");
  Json bad_description = base;
  bad_description["description"] = Json::array();
  EXPECT_FALSE(PostingFromJobPosting(bad_description, "https://x/", "p").ok());
  EXPECT_FALSE(PostingFromJobPosting(Json::array(), "https://x/", "p").ok());
  EXPECT_TRUE(PostingFromJobPosting(base, "https://x/", "p").ok());
}

}  // namespace
}  // namespace jobrec::ingest
