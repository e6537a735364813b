// The sync pipeline against a real PostgreSQL: file sources (JSON Lines with broken rows, the
// NYC CSV), re-runs, changed content, atomic pages, interrupted syncs that resume, and the
// PostingSink implementation.
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "jobrec/ingest/pg_posting_sink.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {
namespace {

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "-" + name)) {
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string JsonLine(const std::string& id, const std::string& title, const std::string& extra = "") {
  return "{\"provider\":\"acme-board\",\"external_id\":\"" + id + "\",\"title\":\"" + title +
         "\",\"company\":\"Acme\",\"description\":\"" + title + " at Acme, team " + id + ".\"" + extra +
         "}\n";
}

class IngestSyncTest : public IngestTest {
 protected:
  int64_t AddJsonlSource(const std::string& name, const std::string& path, int page_size = 2) {
    return AddSource({.name = name,
                      .kind = "jsonl",
                      .params = {{"path", path}, {"page_size", page_size}},
                      .full_sync = true});
  }
};

TEST_F(IngestSyncTest, JsonlWithBrokenRowsStoresTheGoodOnesAndReportsTheBadByLine) {
  TempFile file("broken.jsonl", JsonLine("1", "Data Engineer") +                             // line 1
                                    "{\"external_id\":\"2\",\"title\":\"Broken JSON\",\n" +  // line 2
                                    JsonLine("3", "") +  // line 3: no title
                                    "\n" +               // line 4: blank
                                    JsonLine("5", "Data Analyst", ",\"posted_at\":\"yesterday\"") +  // line 5
                                    JsonLine("6", "Nurse"));                                         // line 6
  const int64_t source = AddJsonlSource("broken", file.path());
  auto run = SyncReal(source);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->state, "succeeded");
  EXPECT_EQ(run->inserted, 2);
  EXPECT_EQ(run->rejected, 3);
  EXPECT_EQ(run->seen, 2);
  ASSERT_EQ(run->rejections.size(), 3u);
  std::map<std::string, std::string> reasons;
  for (const auto& r : run->rejections) reasons[r["where"]] = r["reason"];
  EXPECT_TRUE(reasons.count("line 2")) << run->rejections.dump();
  EXPECT_NE(reasons["line 2"].find("JSON"), std::string::npos) << reasons["line 2"];
  EXPECT_NE(reasons["line 3"].find("title"), std::string::npos) << reasons["line 3"];
  EXPECT_NE(reasons["line 5"].find("posted_at"), std::string::npos) << reasons["line 5"];
  // Only whole postings: the good rows with every column, nothing of the bad ones.
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(Count("external_id IN ('1', '6') AND provider = 'acme-board' AND company = 'Acme' "
                  "AND description <> '' AND content_hash <> '' AND source_id IS NOT NULL"),
            2);
  EXPECT_EQ(test_db().QueryValue("SELECT cursor::text FROM sources WHERE name = 'broken'"), std::nullopt)
      << "a full-sync source starts its next pass from the beginning";
}

TEST_F(IngestSyncTest, AnItemIsStoredAsItsLineReadsAndAnswersAsJsonb) {
  // Keys out of order, spaces, a byte order mark and a CRLF: the item is stored as written,
  // less the mark and the white space around it, which PostgreSQL's json refuses or keeps.
  const std::string first = R"({"title": "Nurse",  "external_id": "1", "provider": "acme-board"})";
  TempFile file("raw.jsonl", "\xEF\xBB\xBF" + first + " \r\n" + JsonLine("2", "Porter", R"(,"note":"a\u0000b")"));
  const int64_t source = AddJsonlSource("raw", file.path());
  auto run = SyncReal(source);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->state, "succeeded");
  EXPECT_EQ(run->inserted, 2) << run->rejections.dump();
  EXPECT_EQ(test_db().QueryValue("SELECT raw::text FROM postings WHERE external_id = '1'"), first);
  // An escaped U+0000, which jsonb refuses, is stored as U+FFFD.
  EXPECT_EQ(test_db().QueryValue("SELECT raw::jsonb->>'note' FROM postings WHERE external_id = '2'"),
            "a\xEF\xBF\xBD" "b");
}

TEST_F(IngestSyncTest, RerunChangesNothingAndChangedContentIsAnUpdate) {
  TempFile first("v1.jsonl",
                 JsonLine("1", "Data Engineer") + JsonLine("2", "Data Analyst") + JsonLine("3", "Nurse"));
  const int64_t source = AddJsonlSource("v", first.path());
  auto run1 = SyncReal(source);
  ASSERT_TRUE(run1.ok()) << run1.status();
  EXPECT_EQ(run1->inserted, 3);
  const auto hashes =
      test_db().QueryRows("SELECT external_id, content_hash, content_changed_at FROM postings ORDER BY 1");

  auto run2 = SyncReal(source);
  ASSERT_TRUE(run2.ok()) << run2.status();
  EXPECT_NE(run2->id, run1->id);
  EXPECT_EQ(run2->inserted, 0);
  EXPECT_EQ(run2->updated, 0);
  EXPECT_EQ(run2->unchanged, 3);
  EXPECT_EQ(run2->expired, 0);
  EXPECT_EQ(
      test_db().QueryRows("SELECT external_id, content_hash, content_changed_at FROM postings ORDER BY 1"),
      hashes);

  std::ofstream(first.path()) << JsonLine("1", "Data Engineer") + JsonLine("2", "Senior Data Analyst") +
                                     JsonLine("3", "Nurse");
  auto run3 = SyncReal(source);
  ASSERT_TRUE(run3.ok()) << run3.status();
  EXPECT_EQ(run3->inserted, 0);
  EXPECT_EQ(run3->updated, 1);
  EXPECT_EQ(run3->unchanged, 2);
  EXPECT_EQ(test_db().QueryValue("SELECT title FROM postings WHERE external_id = '2'"),
            "Senior Data Analyst");
  EXPECT_EQ(Count(), 3);
}

TEST_F(IngestSyncTest, NycCsvPresetImportsTheRealFile) {
  const int64_t source = AddSource(
      {.name = "nyc",
       .kind = "csv",
       .params = {{"path", SourcePath("data/nyc/nyc-jobs.csv")}, {"preset", "nyc"}, {"page_size", 1000}},
       .full_sync = true});
  auto run = SyncReal(source);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->state, "succeeded");
  // Every record of the file is either stored or rejected with a reason.
  EXPECT_EQ(run->seen + run->rejected, 3843) << run->rejections.dump(1);
  std::map<std::string, int> why;
  for (const auto& r : run->rejections) ++why[r["reason"].get<std::string>()];
  std::printf("nyc-jobs.csv: %lld stored (%lld new), %lld rejected\n", static_cast<long long>(run->seen),
              static_cast<long long>(run->inserted), static_cast<long long>(run->rejected));
  for (const auto& [reason, n] : why) std::printf("  rejected %dx: %s\n", n, reason.c_str());
  // Rows with a repeated Job ID key are one posting: the stored count is the distinct keys.
  EXPECT_EQ(Count("provider = 'nyc'"), run->inserted);
  EXPECT_GT(run->inserted, 3000);
  EXPECT_GT(Count("provider = 'nyc' AND salary_annual_min IS NOT NULL AND salary_currency = 'USD'"), 3000);
  EXPECT_EQ(Count("provider = 'nyc' AND city = 'New York' AND country = 'US'"), Count("provider = 'nyc'"))
      << test_db().QueryRows("SELECT city, country, count(*) FROM postings GROUP BY 1, 2").size();

  auto again = SyncReal(source);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->expired, 0);
  EXPECT_EQ(again->rejected, run->rejected);
}

TEST_F(IngestSyncTest, AnInterruptedSyncResumesFromItsCursorWithoutDuplicates) {
  auto script = std::make_shared<ConnectorScript>();
  for (int page = 0; page < 4; ++page) {
    ingest::Page p;
    for (int i = 0; i < 3; ++i) {
      const std::string id = std::to_string(page * 3 + i);
      p.postings.push_back(MakePosting("board", id, "Role " + id, "Company " + id));
    }
    script->pages.push_back(p);
  }
  script->fail_at_page = 2;
  script->failures_left = 1;
  const int64_t source = AddFakeSource("flaky");

  auto first = SyncFake(source, script);
  EXPECT_TRUE(absl::IsUnavailable(first.status())) << first.status();
  EXPECT_EQ(Count(), 6) << "the two pages before the failure are stored";
  EXPECT_EQ(test_db().QueryValue("SELECT cursor::text FROM sources WHERE id = " + std::to_string(source)),
            "{\"page\": 2}");
  EXPECT_EQ(test_db().QueryValue("SELECT state || ' ' || pages || ' ' || new FROM sync_runs"), "failed 2 6");
  EXPECT_NE(test_db().QueryValue("SELECT error FROM sync_runs").value_or("").find("unavailable"),
            std::string::npos);

  auto second = SyncFake(source, script);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->id, test_db().QueryInt("SELECT min(id) FROM sync_runs")) << "the same run continues";
  EXPECT_EQ(second->state, "succeeded");
  EXPECT_EQ(second->pages, 4);
  EXPECT_EQ(second->inserted, 12);
  EXPECT_EQ(second->error, "");
  EXPECT_EQ(Count(), 12);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM sync_runs"), 1);
  // Pages 0, 1, 2 (failed) in the first sync; 2 and 3 in the second: nothing fetched twice but
  // the failed page.
  ASSERT_EQ(script->requested.size(), 5u);
  EXPECT_EQ(script->requested[3], nlohmann::json({{"page", 2}}));
}

TEST_F(IngestSyncTest, APageThatCannotBeStoredLeavesNothingAndKeepsTheCursor) {
  auto script = std::make_shared<ConnectorScript>();
  ingest::Page good, bad;
  good.postings = {MakePosting("board", "1", "Welder"), MakePosting("board", "2", "Baker")};
  bad.postings = {MakePosting("board", "3", "Driver"), MakePosting("board", "4", "Cook")};
  bad.postings[1].title = "";  // not finalised: the table's check refuses it
  script->pages = {good, bad};
  const int64_t source = AddFakeSource("half");
  auto run = SyncFake(source, script);
  EXPECT_FALSE(run.ok());
  EXPECT_EQ(Count(), 2) << "nothing of the refused page, not even its valid posting";
  EXPECT_EQ(Count("external_id = '3'"), 0);
  EXPECT_EQ(test_db().QueryValue("SELECT cursor::text FROM sources WHERE id = " + std::to_string(source)),
            "{\"page\": 1}");
  EXPECT_EQ(test_db().QueryValue("SELECT state || ' ' || pages FROM sync_runs"), "failed 1");
}

TEST_F(IngestSyncTest, StopRequestedBetweenPagesIsCancelledAndResumable) {
  auto script = std::make_shared<ConnectorScript>();
  for (int page = 0; page < 3; ++page) {
    ingest::Page p;
    p.postings = {MakePosting("board", std::to_string(page), "Role " + std::to_string(page))};
    script->pages.push_back(p);
  }
  const int64_t source = AddFakeSource("stoppable");
  int pages_written = 0;
  ingest::SyncOptions options;
  options.on_page = [&](const store::SyncRunRecord&) { ++pages_written; };
  options.stop_requested = [&] { return pages_written >= 1; };
  auto stopped = SyncFake(source, script, options);
  EXPECT_TRUE(absl::IsCancelled(stopped.status())) << stopped.status();
  EXPECT_EQ(Count(), 1);
  auto resumed = SyncFake(source, script);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->inserted, 3);
  EXPECT_EQ(Count(), 3);
}

TEST_F(IngestSyncTest, OneSyncPerSourceAtATime) {
  const int64_t source = AddFakeSource("busy");
  auto script = std::make_shared<ConnectorScript>();
  script->pages.resize(1);
  absl::Status inner;
  ASSERT_TRUE(store::SourceRepo(db())
                  .WithSyncLock(source,
                                [&] {
                                  inner = SyncFake(source, script).status();
                                  return absl::OkStatus();
                                })
                  .ok());
  EXPECT_TRUE(absl::IsAborted(inner)) << inner;
  EXPECT_TRUE(SyncFake(source, script).ok()) << "the lock is free again";
}

TEST_F(IngestSyncTest, UnknownSourceAndBrokenConfiguration) {
  EXPECT_TRUE(absl::IsNotFound(SyncReal(12345).status()));
  const int64_t source = AddSource(
      {.name = "nofile", .kind = "jsonl", .params = {{"path", "/nonexistent/x.jsonl"}}, .full_sync = true});
  auto run = SyncReal(source);
  EXPECT_TRUE(absl::IsNotFound(run.status())) << run.status();
  EXPECT_EQ(test_db().QueryValue("SELECT state FROM sync_runs"), "failed");
  const int64_t bad_kind = AddSource({.name = "badkind", .kind = "nosuchkind"});
  EXPECT_TRUE(absl::IsInvalidArgument(SyncReal(bad_kind).status()));
}

TEST_F(IngestSyncTest, SourceSpecIsValidated) {
  store::SourceRepo repo(db());
  EXPECT_EQ(common::FieldOf(repo.Upsert({.name = "bad name!", .kind = "jsonl"}).status()), "name");
  EXPECT_EQ(common::FieldOf(repo.Upsert({.name = "ok", .kind = "Bad"}).status()), "kind");
  EXPECT_EQ(common::FieldOf(
                repo.Upsert({.name = "ok", .kind = "jsonl", .params = nlohmann::json::array()}).status()),
            "params");
  EXPECT_EQ(
      common::FieldOf(
          repo.Upsert({.name = "ok", .kind = "adzuna", .secrets = {{"app_key", "not a name"}}}).status()),
      "secrets");
  EXPECT_EQ(common::FieldOf(
                repo.Upsert({.name = "ok", .kind = "jsonl", .interval = std::chrono::minutes(0)}).status()),
            "interval");
  auto created = repo.Upsert({.name = "ok", .kind = "jsonl", .params = {{"path", "/a"}}});
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->second);
  auto updated = repo.Upsert({.name = "ok", .kind = "jsonl", .params = {{"path", "/a"}}, .enabled = false});
  ASSERT_TRUE(updated.ok());
  EXPECT_FALSE(updated->second);
  EXPECT_EQ(updated->first, created->first);
}

TEST_F(IngestSyncTest, PostingSinkUpsertsAndCounts) {
  ingest::PgPostingSink sink(db());
  std::vector<ingest::Posting> postings = {MakePosting("sink", "1", "Welder"),
                                           MakePosting("sink", "2", "Baker"),
                                           MakePosting("sink", "1", "Welder II")};  // a later one wins
  auto first = sink.Upsert(postings);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->inserted, 2u);
  EXPECT_EQ(test_db().QueryValue("SELECT title FROM postings WHERE external_id = '1'"), "Welder II");
  auto again = sink.Upsert(postings);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2u);
  postings[1].title = "";
  EXPECT_TRUE(absl::IsInvalidArgument(sink.Upsert(postings).status()));
}

TEST_F(IngestSyncTest, TextWithCopyEscapesIsStoredAsItReads) {
  // Backslashes, a literal \N (COPY's NULL), tabs and line breaks pass through COPY's text
  // format escaped; a NUL byte, which PostgreSQL text cannot hold, is dropped.
  ingest::PgPostingSink sink(db());
  ingest::Posting posting = MakePosting("sink", "1", std::string("We\0lder", 7));
  posting.company = "A\\B";
  posting.description = "\\N\nC:\\path\\to\tx\nend \\";
  const std::vector<ingest::Posting> postings = {posting};
  auto written = sink.Upsert(postings);
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->inserted, 1u);
  EXPECT_EQ(test_db().QueryValue("SELECT title FROM postings"), "Welder");
  EXPECT_EQ(test_db().QueryValue("SELECT company FROM postings"), "A\\B");
  const std::optional<std::string> description = test_db().QueryValue("SELECT description FROM postings");
  ASSERT_TRUE(description.has_value());
  EXPECT_EQ(description->substr(0, 3), "\\N\n") << *description;
  EXPECT_NE(description->find("C:\\path\\to"), std::string::npos) << *description;
  EXPECT_EQ(description->back(), '\\') << *description;
  EXPECT_EQ(sink.Upsert(postings)->unchanged, 1u) << "the content hash is of the stored text";
}

TEST_F(IngestSyncTest, PostingsDeletedByHandTakeTheirSightingsWithThem) {
  // posting_sightings has no key to postings (0063): triggers do what its ON DELETE CASCADE did.
  ingest::PgPostingSink sink(db());
  const std::vector<ingest::Posting> postings = {MakePosting("sink", "1", "Welder"), MakePosting("sink", "2", "Baker"),
                                                 MakePosting("sink", "3", "Nurse")};
  ASSERT_TRUE(sink.Upsert(postings).ok());
  ASSERT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_sightings"), 3);
  test_db().Exec("DELETE FROM postings WHERE external_id = '1'");
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_sightings s LEFT JOIN postings p ON p.id = s.posting_id "
                               "WHERE p.id IS NULL"),
            0);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_sightings"), 2);
  test_db().Exec("TRUNCATE postings CASCADE");
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_sightings"), 0);
}

}  // namespace
}  // namespace jobrec::testing
