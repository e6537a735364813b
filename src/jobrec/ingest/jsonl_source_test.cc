#include "jobrec/ingest/jsonl_source.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/posting_json.h"
#include "jobrec/ingest/testing/fixture_path.h"
#include "jobrec/ingest/testing/in_memory_posting_sink.h"

namespace jobrec::ingest {
namespace {

using testing::FixturePath;
using testing::RepoPath;

std::unique_ptr<JsonlSource> OpenOrDie(const std::string& path, size_t page_size = 500) {
  auto source = JsonlSource::Open({.path = path, .provider = "", .page_size = page_size});
  EXPECT_TRUE(source.ok()) << source.status();
  return source.ok() ? *std::move(source) : nullptr;
}

// Reads every page, returning all pages' postings and rejections.
Page Drain(Connector& source, nlohmann::json cursor = nullptr, size_t* pages = nullptr) {
  Page all;
  for (size_t n = 1;; ++n) {
    auto page = source.FetchPage(cursor);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return all;
    for (auto& p : page->postings) all.postings.push_back(std::move(p));
    for (auto& r : page->rejected) all.rejected.push_back(std::move(r));
    cursor = page->next_cursor;
    if (pages != nullptr) *pages = n;
    if (page->last) break;
  }
  all.next_cursor = cursor;
  return all;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (std::to_string(::getpid()) + "-" + name)).string();
}

TEST(JsonlSource, MixedFileAcceptsVariantsAndRejectsBadLinesWithTheirNumbers) {
  auto source = OpenOrDie(FixturePath("files/mixed.jsonl"));
  const Page all = Drain(*source);
  std::map<std::string, std::string> rejected;
  for (const Rejection& r : all.rejected) rejected[r.where] = r.reason;
  EXPECT_EQ(rejected.size(), 7u);
  EXPECT_NE(rejected["line 4"].find("invalid JSON"), std::string::npos);
  EXPECT_NE(rejected["line 5"].find("not an object"), std::string::npos);
  EXPECT_NE(rejected["line 6"].find("title"), std::string::npos);
  EXPECT_NE(rejected["line 7"].find("salary.min"), std::string::npos);
  EXPECT_NE(rejected["line 8"].find("posted_at"), std::string::npos);
  EXPECT_NE(rejected["line 9"].find("external_id"), std::string::npos);
  EXPECT_NE(rejected["line 15"].find("deeper"), std::string::npos);

  ASSERT_EQ(all.postings.size(), 7u);
  std::map<std::string, Posting> by_id;
  for (const Posting& p : all.postings) by_id[p.external_id] = p;

  const Posting& ours = by_id.at("a-1");
  EXPECT_EQ(ours.provider, "demo");
  EXPECT_EQ(ours.location.region, "Auvergne-Rhône-Alpes");
  EXPECT_EQ(ours.remote, RemoteMode::kHybrid);
  EXPECT_EQ(ours.salary->min, 52000);
  EXPECT_EQ(ours.description, "Intro.\n\nAbout the role:\nModels.");
  EXPECT_EQ(ours.labels["onet_soc"], "15-2051.00");

  EXPECT_EQ(by_id.at("a-2").provider, "file:mixed.jsonl");

  const Posting& adzuna = by_id.at("12345");
  EXPECT_EQ(adzuna.company, "Acme Ltd");
  EXPECT_EQ(adzuna.location.country, "GB");
  EXPECT_EQ(adzuna.location.city, "London");
  EXPECT_EQ(adzuna.salary->max, 55000);
  EXPECT_EQ(adzuna.employment_type, "full_time");
  EXPECT_EQ(adzuna.description, "We are looking for …");
  EXPECT_EQ(adzuna.url, "https://www.adzuna.co.uk/jobs/land/ad/12345");

  const Posting& gh = by_id.at("gh-9");
  EXPECT_EQ(gh.description, "Hello & welcome");
  EXPECT_EQ(gh.remote, RemoteMode::kRemote);
  EXPECT_EQ(gh.location.country, "US");

  const Posting& lever = by_id.at("lv-1");
  EXPECT_EQ(lever.title, "Lever-ish");
  EXPECT_EQ(FormatTimestamp(*lever.posted_at), "2024-01-05T10:20:30Z");
  EXPECT_EQ(lever.remote, RemoteMode::kRemote);

  const Posting& remotive = by_id.at("77");
  EXPECT_EQ(remotive.employment_type, "contract");
  EXPECT_EQ(remotive.salary->min, 50000);
  EXPECT_EQ(remotive.salary->currency, "USD");

  EXPECT_FALSE(by_id.at("x").salary);
}

TEST(JsonlSource, BomCrlfAndMissingFinalNewline) {
  auto source = OpenOrDie(FixturePath("files/bom_crlf.jsonl"));
  const Page all = Drain(*source);
  ASSERT_EQ(all.postings.size(), 3u);
  EXPECT_TRUE(all.rejected.empty());
  EXPECT_EQ(all.postings[0].title, "After a BOM");
  EXPECT_EQ(all.postings[2].title, "No final newline");
}

// The demo corpus: every line parses, and what we read back serialises to what was written.
TEST(JsonlSource, DemoCorpusRoundTrips) {
  const std::string path = RepoPath("data/demo/postings.jsonl.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no demo corpus at " << path;
  auto source = OpenOrDie(path, 1000);
  size_t pages = 0;
  const Page all = Drain(*source, nullptr, &pages);
  EXPECT_TRUE(all.rejected.empty()) << all.rejected.front().where << ": "
                                    << all.rejected.front().reason;
  EXPECT_EQ(all.postings.size(), 10195u);
  EXPECT_EQ(pages, 11u);
  size_t compared = 0;
  for (size_t i = 0; i < all.postings.size(); i += 97) {
    nlohmann::json original = nlohmann::json::parse(all.postings[i].raw_json);
    // The list of invented fields comes back as a label.
    original["labels"]["synthetic"] = original["synthetic"];
    original.erase("synthetic");
    EXPECT_EQ(PostingToJson(all.postings[i]), original) << all.postings[i].external_id;
    ++compared;
  }
  EXPECT_GT(compared, 100u);
}

TEST(JsonlSource, ResumesFromASavedCursorInANewInstance) {
  const std::string path = RepoPath("data/demo/postings.jsonl.gz");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no demo corpus";
  auto first = OpenOrDie(path, 700);
  auto page1 = first->FetchPage(nullptr);
  ASSERT_TRUE(page1.ok());
  auto page2 = first->FetchPage(page1->next_cursor);
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->next_cursor["line"], 1401);

  // A new process picks up after page 1 and sees exactly page 2's postings.
  auto second = OpenOrDie(path, 700);
  auto resumed = second->FetchPage(page1->next_cursor);
  ASSERT_TRUE(resumed.ok());
  ASSERT_EQ(resumed->postings.size(), page2->postings.size());
  for (size_t i = 0; i < resumed->postings.size(); ++i) {
    EXPECT_EQ(resumed->postings[i].external_id, page2->postings[i].external_id);
  }
  // Re-reading an earlier page (a retry after a failed store) works too.
  auto again = second->FetchPage(nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->postings.front().external_id, page1->postings.front().external_id);
}

TEST(JsonlSource, SinkOnlyEverReceivesCompletePostings) {
  auto source = OpenOrDie(FixturePath("files/mixed.jsonl"), 3);
  testing::InMemoryPostingSink sink;
  nlohmann::json cursor;
  size_t rejected = 0;
  for (;;) {
    auto page = source->FetchPage(cursor);
    ASSERT_TRUE(page.ok());
    auto counts = sink.Upsert(page->postings);
    ASSERT_TRUE(counts.ok());
    rejected += page->rejected.size();
    cursor = page->next_cursor;
    if (page->last) break;
  }
  EXPECT_EQ(sink.size(), 7u);
  EXPECT_EQ(rejected, 7u);
  for (const Posting& p : sink.All()) {
    EXPECT_FALSE(p.provider.empty());
    EXPECT_FALSE(p.external_id.empty());
    EXPECT_FALSE(p.title.empty());
  }
  // Importing the same file again changes nothing.
  auto again = OpenOrDie(FixturePath("files/mixed.jsonl"), 100);
  auto page = again->FetchPage(nullptr);
  ASSERT_TRUE(page.ok());
  auto counts = sink.Upsert(page->postings);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->unchanged, 7u);
  EXPECT_EQ(counts->inserted, 0u);
}

TEST(JsonlSource, OverlongLinesAreRejectedAndReadingContinues) {
  const std::string path = TempPath("long.jsonl");
  {
    std::ofstream out(path);
    out << "{\"external_id\":\"1\",\"title\":\"short\"}\n";
    out << "{\"external_id\":\"2\",\"title\":\"" << std::string(3000, 'x') << "\"}\n";
    out << "{\"external_id\":\"3\",\"title\":\"after\"}\n";
  }
  auto source = JsonlSource::Open({.path = path, .provider = "t", .page_size = 10,
                                   .max_line_bytes = 1000});
  ASSERT_TRUE(source.ok());
  const Page all = Drain(**source);
  ASSERT_EQ(all.postings.size(), 2u);
  EXPECT_EQ(all.postings[1].title, "after");
  ASSERT_EQ(all.rejected.size(), 1u);
  EXPECT_EQ(all.rejected[0].where, "line 2");
  std::filesystem::remove(path);
}

TEST(JsonlSource, TruncatedGzipIsDataLoss) {
  const std::string gz_path = TempPath("trunc.jsonl.gz");
  {
    gzFile gz = gzopen(gz_path.c_str(), "wb");
    for (int i = 0; i < 2000; ++i) {
      const std::string line = "{\"external_id\":\"" + std::to_string(i) +
                               "\",\"title\":\"t " + std::to_string(i * 7919) + "\"}\n";
      gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
    }
    gzclose(gz);
  }
  std::filesystem::resize_file(gz_path, std::filesystem::file_size(gz_path) / 2);
  auto source = OpenOrDie(gz_path, 100000);
  auto page = source->FetchPage(nullptr);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), absl::StatusCode::kDataLoss);
  std::filesystem::remove(gz_path);
}

TEST(JsonlSource, BadOptionsAndCursors) {
  EXPECT_EQ(JsonlSource::Open({.path = ""}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(JsonlSource::Open({.path = "/nonexistent/x.jsonl"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(common::FieldOf(JsonlSource::Open({.path = "x", .page_size = 0}).status()),
            "page_size");
  auto source = OpenOrDie(FixturePath("files/mixed.jsonl"));
  for (const nlohmann::json& bad : {nlohmann::json("x"), nlohmann::json::object(),
                                   nlohmann::json{{"offset", -1}, {"line", 1}},
                                   nlohmann::json{{"offset", 0}, {"line", 0}}}) {
    EXPECT_EQ(source->FetchPage(bad).status().code(), absl::StatusCode::kInvalidArgument)
        << bad.dump();
  }
  // An offset past the end is simply the end.
  auto past = source->FetchPage({{"offset", 1u << 30}, {"line", 99}});
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->last);
  EXPECT_TRUE(past->postings.empty());
}

TEST(NewJsonlSource, ValidatesParameters) {
  EXPECT_TRUE(NewJsonlSource({{"path", FixturePath("files/mixed.jsonl")}, {"page_size", 5}}).ok());
  EXPECT_EQ(common::FieldOf(NewJsonlSource({{"path", 5}}).status()), "path");
  EXPECT_EQ(common::FieldOf(NewJsonlSource({{"path", "x"}, {"color", "red"}}).status()), "color");
  EXPECT_FALSE(NewJsonlSource(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace jobrec::ingest

namespace jobrec::ingest {
namespace {

// Found by jsonl_line_fuzz: plain text that looks like markup must survive write + read.
TEST(PostingJson, OurSchemaRoundTripsTextThatLooksLikeMarkup) {
  Posting p;
  p.provider = "t";
  p.external_id = "1";
  p.title = "Escaping";
  p.description = "<p&/9 and &lt;b&gt; stay as written";
  const std::string written = PostingToJson(p).dump();
  auto again = ParsePostingLine(written, "t");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->description, p.description);
  EXPECT_EQ(PostingToJson(*again).dump(), written);
  // A provider-ish item (no external_id) gets its HTML converted.
  auto variant = ParsePostingLine(R"({"id": 2, "title": "x", "description": "<p>a</p><p>b</p>"})",
                                  "t");
  ASSERT_TRUE(variant.ok());
  EXPECT_EQ(variant->description, "a\n\nb");
}

TEST(PostingJson, ALineIsKeptAsReadAndAnItemAsParsed) {
  // Key order and spacing stay (nlohmann would sort the keys); the byte order mark and the
  // white space around the item, which PostgreSQL's json refuses or keeps, go.
  const std::string item = R"({"title": "Nurse",  "id": 7, "score": 1.50, "z": [ ]})";
  auto line = ParsePostingLine("\xEF\xBB\xBF \t" + item + " \r", "t");
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->raw_json, item);
  auto parsed = PostingFromJson(nlohmann::json::parse(item), "t");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->raw_json, R"({"id":7,"score":1.5,"title":"Nurse","z":[]})");
  // Strings that are not UTF-8 (a parsed page may carry them) are written with U+FFFD.
  nlohmann::json bad = {{"id", "1"}, {"title", "x"}, {"note", "caf\xE9"}};
  EXPECT_EQ(RawJson(bad), "{\"id\":\"1\",\"note\":\"caf\xEF\xBF\xBD\",\"title\":\"x\"}");
}

}  // namespace
}  // namespace jobrec::ingest

namespace jobrec::ingest {
namespace {

// Found by jsonl_line_fuzz: an Adzuna-style area with an unknown country and a region code
// ("co") was kept raw, and read back through our schema as Colorado, US.
TEST(PostingJson, AreaRegionCodesAreNormalisedAsOurSchemaReadsThem) {
  auto adzuna = ParsePostingLine(
      R"({"id": 1, "title": "x", "location": {"area": ["UKsh", "co", "London", "Shoreditch"]}})", "t");
  ASSERT_TRUE(adzuna.ok());
  EXPECT_EQ(adzuna->location.region, "Colorado");
  const std::string written = PostingToJson(*adzuna).dump();
  auto again = ParsePostingLine(written, "t");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(PostingToJson(*again).dump(), written);
  auto empty_area = ParsePostingLine(R"({"id": 2, "title": "x", "location": {"area": [1, 2]}})", "t");
  EXPECT_TRUE(empty_area.ok());
}

// Found by jsonl_line_fuzz: an Adzuna-style area without display_name; our schema's empty
// location text.
TEST(PostingJson, LocationTextRoundTrips) {
  auto adzuna = ParsePostingLine(
      R"({"id": 1, "title": "x", "location": {"area": ["UK", "London", "Shoreditch"]}})", "t");
  ASSERT_TRUE(adzuna.ok());
  EXPECT_EQ(adzuna->location.text, "Shoreditch, London, UK");
  EXPECT_EQ(adzuna->location.country, "GB");
  const std::string written = PostingToJson(*adzuna).dump();
  auto again = ParsePostingLine(written, "t");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(PostingToJson(*again).dump(), written);

  auto ours = ParsePostingLine(
      R"({"external_id": "1", "title": "x", "location": {"text": "", "city": "Lyon", "region": "", "country": "France"}})",
      "t");
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(ours->location.text, "");
  EXPECT_EQ(ours->location.country, "FR");
}

}  // namespace
}  // namespace jobrec::ingest
