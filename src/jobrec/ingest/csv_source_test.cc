#include "jobrec/ingest/csv_source.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_text.h"
#include "jobrec/ingest/testing/fixture_path.h"
#include "jobrec/ingest/testing/in_memory_posting_sink.h"

namespace jobrec::ingest {
namespace {

using testing::FixturePath;
using testing::RepoPath;

CsvColumnMapping TrickyMapping() {
  CsvColumnMapping m;
  m.provider = "test";
  m.external_id = {"id"};
  m.title = "title";
  m.company = "company";
  m.description = {{"description", ""}, {"requirements", "Requirements"}};
  m.location = "city";
  m.salary_min = "pay_from";
  m.salary_max = "pay_to";
  m.salary_period = "pay_unit";
  m.currency_default = "EUR";
  m.posted_at = "posted";
  m.employment_type = "type";
  m.url = "link";
  m.url_template = "https://x.example/jobs/{id}?t={title}";
  return m;
}

struct Drained {
  std::vector<Posting> postings;
  std::map<std::string, std::string> rejected;  // where -> reason
  size_t pages = 0;
};

Drained Drain(Connector& source, nlohmann::json cursor = nullptr) {
  Drained out;
  for (;;) {
    auto page = source.FetchPage(cursor);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    ++out.pages;
    for (auto& p : page->postings) out.postings.push_back(std::move(p));
    for (auto& r : page->rejected) out.rejected[r.where] = r.reason;
    cursor = page->next_cursor;
    if (page->last) return out;
  }
}

TEST(CsvSource, TrickyFileQuotesNewlinesBomCrlfAndBadRows) {
  auto source = CsvSource::Open({.path = FixturePath("files/tricky.csv"),
                                 .mapping = TrickyMapping(), .page_size = 3});
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)->header().front(), "id");  // the BOM is gone
  const Drained all = Drain(**source);

  std::map<std::string, Posting> by_id;
  for (const Posting& p : all.postings) by_id[p.external_id] = p;
  ASSERT_EQ(by_id.size(), 4u);

  const Posting& first = by_id.at("1");
  EXPECT_EQ(first.company, "Acme, Inc.");
  EXPECT_EQ(first.description,
            "Build pipelines.\nSecond line of the description.\n\nRequirements:\nSQL; \"Python\"");
  EXPECT_EQ(first.location.city, "Berlin");
  EXPECT_EQ(first.salary->min, 50000);
  EXPECT_EQ(first.salary->currency, "EUR");
  EXPECT_EQ(first.employment_type, "full_time");
  EXPECT_EQ(FormatTimestamp(*first.posted_at), "2024-01-05T00:00:00Z");
  EXPECT_EQ(first.url, "https://x.example/1");  // the column wins over the template
  EXPECT_EQ(nlohmann::json::parse(first.raw_json)["title"], "Data Engineer");

  const Posting& nurse = by_id.at("2");
  EXPECT_EQ(nurse.title, "Nurse \"RN\"");
  EXPECT_EQ(nurse.description, "Care for patients");
  EXPECT_EQ(nurse.location.region, "California");
  EXPECT_EQ(nurse.salary->period, "hour");
  EXPECT_EQ(nurse.employment_type, "part_time");
  EXPECT_EQ(nurse.url, "https://x.example/jobs/2?t=Nurse%20%22RN%22");

  EXPECT_FALSE(by_id.at("9").salary);  // 0 and 0: not given
  EXPECT_EQ(by_id.at("10").description, "multi\nline");
  EXPECT_EQ(by_id.at("10").location.city, "Madrid");

  ASSERT_EQ(all.rejected.size(), 6u);
  EXPECT_NE(all.rejected.at("line 6").find("3 fields, the header has 12"), std::string::npos);
  EXPECT_NE(all.rejected.at("line 7").find("title"), std::string::npos);
  EXPECT_NE(all.rejected.at("line 8").find("pay_from is not a number"), std::string::npos);
  EXPECT_NE(all.rejected.at("line 9").find("posted"), std::string::npos);
  EXPECT_NE(all.rejected.at("line 10").find("above the maximum"), std::string::npos);
  EXPECT_NE(all.rejected.at("line 11").find("unbalanced quote"), std::string::npos);
}

TEST(CsvSource, UnterminatedQuoteAtTheEndIsRejectedNotFatal) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            (std::to_string(::getpid()) + "-unterminated.csv")).string();
  {
    std::ofstream out(path);
    out << "id,title\n1,ok\n2,\"never closed\n3,swallowed?\n";
  }
  CsvColumnMapping m;
  m.provider = "t";
  m.external_id = {"id"};
  m.title = "title";
  auto source = CsvSource::Open({.path = path, .mapping = m});
  ASSERT_TRUE(source.ok());
  const Drained all = Drain(**source);
  ASSERT_EQ(all.postings.size(), 2u);
  EXPECT_EQ(all.postings[1].title, "swallowed?");
  EXPECT_NE(all.rejected.at("line 3").find("unterminated"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(CsvSource, MappingErrorsNameTheKey) {
  CsvColumnMapping m = TrickyMapping();
  m.company = "Company Name";
  auto st = CsvSource::Open({.path = FixturePath("files/tricky.csv"), .mapping = m}).status();
  EXPECT_EQ(common::FieldOf(st), "mapping.company");
  m = TrickyMapping();
  m.url_template = "https://x/{nope}";
  st = CsvSource::Open({.path = FixturePath("files/tricky.csv"), .mapping = m}).status();
  EXPECT_EQ(common::FieldOf(st), "mapping.url_template");
  m = TrickyMapping();
  m.title = "";
  st = CsvSource::Open({.path = FixturePath("files/tricky.csv"), .mapping = m}).status();
  EXPECT_EQ(common::FieldOf(st), "mapping.title");
  EXPECT_EQ(CsvSource::Open({.path = "/nonexistent.csv", .mapping = TrickyMapping()})
                .status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(common::FieldOf(CsvSource::Open({.path = FixturePath("files/tricky.csv"),
                                             .mapping = TrickyMapping(), .delimiter = '"'})
                                .status()),
            "delimiter");
}

TEST(CsvMappingFromJson, ReadsAndValidates) {
  auto m = CsvMappingFromJson({{"provider", "acme"},
                               {"external_id", {"a", "b"}},
                               {"title", "T"},
                               {"description", {"D1", {{"column", "D2"}, {"heading", "H"}}}},
                               {"parse_location", false},
                               {"labels", "L"}});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->external_id.size(), 2u);
  EXPECT_EQ(m->description[1].heading, "H");
  EXPECT_FALSE(m->parse_location);
  EXPECT_EQ(m->labels, std::vector<std::string>{"L"});
  EXPECT_EQ(common::FieldOf(CsvMappingFromJson({{"provider", "x"}, {"title", "t"}}).status()),
            "mapping.external_id");
  EXPECT_EQ(common::FieldOf(CsvMappingFromJson({{"provider", "x"}, {"external_id", "i"},
                                                {"title", "t"}, {"colour", "red"}})
                                .status()),
            "mapping.colour");
  EXPECT_EQ(common::FieldOf(CsvMappingFromJson({{"provider", 5}}).status()), "mapping.provider");
  EXPECT_EQ(common::FieldOf(CsvMappingFromJson({{"provider", "x"}, {"external_id", "i"},
                                                {"title", "t"}, {"description", {1}}})
                                .status()),
            "mapping.description");
  EXPECT_FALSE(CsvPreset("nope").ok());
  EXPECT_EQ(common::FieldOf(NewCsvSource({{"path", "x"}, {"preset", "nope"}}).status()), "preset");
  EXPECT_EQ(common::FieldOf(NewCsvSource({{"path", "x"}}).status()), "mapping");
}

// The real NYC Open Data export: every row imports, the mojibake is repaired.
TEST(CsvSource, NycPresetImportsTheWholeExport) {
  const std::string path = RepoPath("data/nyc/nyc-jobs.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  auto source = NewCsvSource({{"path", path}, {"preset", "nyc"}, {"page_size", 1000}});
  ASSERT_TRUE(source.ok()) << source.status();
  testing::InMemoryPostingSink sink;
  nlohmann::json cursor;
  size_t postings = 0, rejected = 0, pages = 0;
  for (;;) {
    auto page = (*source)->FetchPage(cursor);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    postings += page->postings.size();
    rejected += page->rejected.size();
    for (const Rejection& r : page->rejected) ADD_FAILURE() << r.where << ": " << r.reason;
    ASSERT_TRUE(sink.Upsert(page->postings).ok());
    cursor = page->next_cursor;
    if (page->last) break;
  }
  EXPECT_EQ(postings, 3843u);
  EXPECT_EQ(rejected, 0u);
  EXPECT_EQ(pages, 4u);
  EXPECT_EQ(sink.size(), 3803u);  // (Job ID, Posting Type) pairs; 40 rows repeat a pair
  size_t with_salary = 0, hourly = 0, mojibake = 0, apostrophes = 0;
  for (const Posting& p : sink.All()) {
    EXPECT_EQ(p.provider, "nyc");
    EXPECT_EQ(p.location.country, "US");
    EXPECT_TRUE(IsValidUtf8(p.description));
    with_salary += p.salary.has_value();
    hourly += p.salary && p.salary->period == "hour";
    for (const std::string* text : {&p.title, &p.description, &p.company}) {
      mojibake += text->find("â€") != std::string::npos || text->find("Â") != std::string::npos;
      apostrophes += text->find("’") != std::string::npos;
    }
  }
  EXPECT_EQ(mojibake, 0u);
  EXPECT_GT(apostrophes, 0u);
  EXPECT_GT(with_salary, 3700u);
  EXPECT_GT(hourly, 400u);

  const auto account_manager = sink.Find("nyc", "87990-Internal");
  ASSERT_TRUE(account_manager);
  EXPECT_EQ(account_manager->title, "Account Manager");
  EXPECT_EQ(account_manager->company, "DEPARTMENT OF BUSINESS SERV.");
  EXPECT_EQ(account_manager->location.text, "110 William St. N Y");
  EXPECT_EQ(account_manager->salary->min, 42405);
  EXPECT_EQ(account_manager->salary->max, 65485);
  EXPECT_EQ(FormatTimestamp(*account_manager->posted_at), "2011-06-24T00:00:00Z");
  EXPECT_NE(account_manager->description.find("New York City’s Minority"), std::string::npos);
  EXPECT_NE(account_manager->description.find("Minimum qualifications:\n"), std::string::npos);
  EXPECT_NE(account_manager->url.find("JobOpeningId=87990"), std::string::npos);
  EXPECT_EQ(account_manager->labels["posting_type"], "Internal");
}

TEST(CsvSource, NycResumeFromCursorMatchesOneRun) {
  const std::string path = RepoPath("data/nyc/nyc-jobs.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  auto a = NewCsvSource({{"path", path}, {"preset", "nyc"}, {"page_size", 1500}});
  ASSERT_TRUE(a.ok());
  auto p1 = (*a)->FetchPage(nullptr);
  ASSERT_TRUE(p1.ok());
  auto p2 = (*a)->FetchPage(p1->next_cursor);
  ASSERT_TRUE(p2.ok());
  auto b = NewCsvSource({{"path", path}, {"preset", "nyc"}, {"page_size", 1500}});
  ASSERT_TRUE(b.ok());
  auto resumed = (*b)->FetchPage(p1->next_cursor);
  ASSERT_TRUE(resumed.ok());
  ASSERT_EQ(resumed->postings.size(), p2->postings.size());
  EXPECT_EQ(resumed->postings.front().external_id, p2->postings.front().external_id);
  EXPECT_EQ(resumed->postings.back().external_id, p2->postings.back().external_id);
  EXPECT_EQ(resumed->next_cursor, p2->next_cursor);
}

}  // namespace
}  // namespace jobrec::ingest
