// Dedupe and expiry wired to PostgreSQL: near-duplicates collapse across providers into the
// earliest posting of their cluster (the labelled set of ingest/testdata/dedupe), postings
// expire after missed full syncs or past their date, and a cluster whose canonical posting
// expired is led by its next posting.
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/posting_writer.h"
#include "jobrec/ingest/posting_record.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {
namespace {

class IngestDedupeExpiryTest : public IngestTest {
 protected:
  // The effective cluster of every posting: its canonical id, or its own.
  std::map<std::string, std::string> ClusterOf() {
    std::map<std::string, std::string> out;
    for (const auto& row :
         test_db().QueryRows("SELECT external_id, coalesce(canonical_id, id) FROM postings")) {
      out[row[0]] = row[1];
    }
    return out;
  }
};

TEST_F(IngestDedupeExpiryTest, TheLabelledNearDuplicateSetCollapsesAsLabelled) {
  // Small pages: candidates come both from the table and from the page being written.
  const int64_t source =
      AddSource({.name = "dedupe-set",
                 .kind = "jsonl",
                 .params = {{"path", SourcePath("src/jobrec/ingest/testdata/dedupe/near_duplicates.jsonl")},
                            {"page_size", 40}},
                 .full_sync = true});
  auto run = SyncReal(source);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->rejected, 0);
  const auto rows = test_db().QueryRows(
      "SELECT coalesce(canonical_id, id), labels->>'cluster', labels->>'case', provider FROM postings ORDER "
      "BY id");
  ASSERT_GT(rows.size(), 300u);
  size_t tp = 0, fp = 0, fn = 0;
  std::map<std::string, int> merged_by_case;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = i + 1; j < rows.size(); ++j) {
      const bool truth = rows[i][1] == rows[j][1];
      const bool said = rows[i][0] == rows[j][0];
      tp += truth && said;
      fp += !truth && said;
      fn += truth && !said;
    }
  }
  const double precision = tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp);
  const double recall = tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn);
  std::printf("stored dedupe: %zu postings, pairs tp=%zu fp=%zu fn=%zu, precision %.3f recall %.3f\n",
              rows.size(), tp, fp, fn, precision, recall);
  // The same bounds as the finder's own test on this set (ingest/dedupe_test.cc).
  EXPECT_GE(precision, 0.98);
  EXPECT_GE(recall, 0.95);
  // Duplicates from other providers are linked to the earliest posting of their cluster.
  EXPECT_GT(test_db().QueryInt("SELECT count(*) FROM postings d JOIN postings c ON c.id = d.canonical_id "
                               "WHERE d.provider <> c.provider"),
            0);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM postings d JOIN postings c ON c.id = d.canonical_id "
                               "WHERE c.id > d.id OR c.canonical_id IS NOT NULL"),
            0)
      << "a canonical posting is older than its duplicates and is canonical itself";

  // Importing the set again links nothing differently.
  const auto before = ClusterOf();
  auto again = SyncReal(source);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, run->inserted);
  EXPECT_EQ(ClusterOf(), before);
}

TEST_F(IngestDedupeExpiryTest, PagesReadAheadDecideAsPagesWrittenOneByOne) {
  // The labelled set in pages of 7, so that most clusters span pages: written one by one, and
  // again with each page read while the page before is written (its postings then come from
  // memory, not from the table). Every posting must land in the same cluster.
  auto source = ingest::JsonlSource::Open(
      {.path = SourcePath("src/jobrec/ingest/testdata/dedupe/near_duplicates.jsonl"), .page_size = 7});
  ASSERT_TRUE(source.ok()) << source.status();
  std::vector<store::PreparedPage> pages;
  for (nlohmann::json cursor;;) {
    auto page = (*source)->FetchPage(cursor);
    ASSERT_TRUE(page.ok()) << page.status();
    store::PageWrite write;
    for (ingest::Posting& posting : page->postings) write.rows.push_back(ingest::ToPostingRow(std::move(posting)));
    pages.push_back(store::PostingWriter::Prepare(std::move(write)));
    if (page->last) break;
    cursor = page->next_cursor;
  }
  ASSERT_GT(pages.size(), 50u);
  // external id -> the external id of its cluster's canonical posting
  auto clusters = [&] {
    std::map<std::string, std::string> out;
    for (const auto& row : test_db().QueryRows(
             "SELECT d.external_id, c.external_id FROM postings d JOIN postings c ON c.id = coalesce(d.canonical_id, d.id)")) {
      out[row[0]] = row[1];
    }
    return out;
  };

  store::PostingWriter one_by_one(db(), ingest::NewDuplicateResolver());
  for (store::PreparedPage& page : pages) ASSERT_TRUE(one_by_one.Write(page).ok());
  const auto expected = clusters();
  EXPECT_EQ(one_by_one.pages_read_ahead(), 0);
  test_db().Exec("TRUNCATE postings CASCADE");

  store::PostingWriter read_ahead(db(), ingest::NewDuplicateResolver());
  for (size_t i = 0; i < pages.size(); ++i) {
    auto written = read_ahead.Write(pages[i], [&]() { return i + 1 < pages.size() ? &pages[i + 1] : nullptr; });
    ASSERT_TRUE(written.ok()) << written.status();
  }
  EXPECT_EQ(clusters(), expected);
  EXPECT_GT(test_db().QueryInt("SELECT count(*) FROM postings WHERE canonical_id IS NOT NULL"), 100);
  EXPECT_EQ(read_ahead.pages_read_ahead(), static_cast<int64_t>(pages.size()) - 1);
}

TEST_F(IngestDedupeExpiryTest, APageWithAKeyOfThePageBeforeIsReadAgainInItsWrite) {
  // Page 1 changes a posting page 0 wrote: its read-ahead (blind to page 0) is not used, and
  // page 2 is not read ahead either, as page 1 rewrites a stored posting.
  auto page = [](std::vector<ingest::Posting> postings) {
    store::PageWrite write;
    for (ingest::Posting& p : postings) write.rows.push_back(ingest::ToPostingRow(std::move(p)));
    return store::PostingWriter::Prepare(std::move(write));
  };
  std::vector<store::PreparedPage> pages;
  pages.push_back(page({MakePosting("p", "a", "Baker", "Crumb", "Lyon"), MakePosting("p", "b", "Welder")}));
  pages.push_back(page({MakePosting("p", "a", "Head Baker", "Crumb", "Lyon"), MakePosting("p", "c", "Nurse")}));
  pages.push_back(page({MakePosting("p", "d", "Pilot")}));
  store::PostingWriter writer(db(), ingest::NewDuplicateResolver());
  std::vector<store::WriteCounts> counts;
  for (size_t i = 0; i < pages.size(); ++i) {
    auto written = writer.Write(pages[i], [&]() { return i + 1 < pages.size() ? &pages[i + 1] : nullptr; });
    ASSERT_TRUE(written.ok()) << written.status();
    counts.push_back(*written);
  }
  EXPECT_EQ(writer.pages_read_ahead(), 0);
  EXPECT_EQ(counts[1].inserted, 1);
  EXPECT_EQ(counts[1].updated, 1);
  EXPECT_EQ(Count(), 4);
  EXPECT_EQ(test_db().QueryRows("SELECT title FROM postings WHERE external_id = 'a'").at(0).at(0), "Head Baker");
}

TEST_F(IngestDedupeExpiryTest, AnotherWriterWaitsUntilAPageReadAheadIsWritten) {
  // Page 1 is read while page 0 is written; a repost of page 1's posting written by another
  // writer in between would be unseen by that reading. The other writer must wait for page 1.
  const std::string text = "Weld steel frames for farm machinery in our workshop, read drawings and keep the bay tidy.";
  auto page = [](ingest::Posting posting) {
    store::PageWrite write;
    write.rows.push_back(ingest::ToPostingRow(std::move(posting)));
    return store::PostingWriter::Prepare(std::move(write));
  };
  std::vector<store::PreparedPage> pages;
  pages.push_back(page(MakePosting("p", "a", "Baker", "Crumb", "Lyon")));
  pages.push_back(page(MakePosting("p", "b", "Welder", "Forge", "Leeds", text)));
  store::PreparedPage repost = page(MakePosting("q", "b2", "Welder", "Forge", "Leeds", text));
  store::PostingWriter writer(db(), ingest::NewDuplicateResolver());
  ASSERT_TRUE(writer.Write(pages[0], [&]() { return &pages[1]; }).ok());

  std::atomic<bool> other_done = false;
  std::thread other([&] {
    store::PostingWriter other_writer(db(), ingest::NewDuplicateResolver());
    EXPECT_TRUE(other_writer.Write(repost).ok());
    other_done = true;
  });
  // Time for the other writer to get stuck on the lock (it would finish in milliseconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(other_done) << "another writer wrote between a page's read-ahead and its write";
  ASSERT_TRUE(writer.Write(pages[1], [] { return nullptr; }).ok());
  other.join();
  EXPECT_EQ(writer.pages_read_ahead(), 1);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM postings r JOIN postings b ON r.canonical_id = b.id "
                               "WHERE r.external_id = 'b2' AND b.external_id = 'b'"),
            1);
}

TEST_F(IngestDedupeExpiryTest, ACrossProviderRepostIsLinkedAndTheCanonicalPostingListsItsSources) {
  const std::string text =
      "Northwind Analytics is hiring a Data Engineer in Austin. Build and run the pipelines that feed "
      "our forecasting models, own their data quality, and work with analysts on new sources. You "
      "know SQL and Python well and have run production data systems before.";
  const int64_t a = AddFakeSource("board-a");
  const int64_t b = AddFakeSource("board-b");
  ASSERT_TRUE(SyncFake(a, OnePage({MakePosting("board-a", "1", "Data Engineer", "Northwind Analytics",
                                               "Austin", text)}))
                  .ok());
  ingest::Posting repost = MakePosting("board-b", "x9", "Data Engineer", "Northwind Analytics, Inc.",
                                       "Austin", text + " Apply today.");
  ingest::Posting other =
      MakePosting("board-b", "x10", "Senior Data Engineer", "Northwind Analytics", "Austin", text);
  auto run = SyncFake(b, OnePage({repost, other}));
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->inserted, 2);
  const int64_t canonical = test_db().QueryInt("SELECT id FROM postings WHERE external_id = '1'");
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE external_id = 'x9'"), canonical);
  EXPECT_EQ(test_db().QueryValue("SELECT canonical_id::text FROM postings WHERE external_id = 'x10'"),
            std::nullopt)
      << "another seniority is another job";

  store::PostingReader reader(db());
  auto detail = reader.Get(1, canonical);
  ASSERT_TRUE(detail.ok());
  ASSERT_TRUE(detail->has_value());
  ASSERT_EQ((*detail)->sources.size(), 2u);
  EXPECT_EQ((*detail)->sources[0].provider, "board-a");
  EXPECT_EQ((*detail)->sources[1].provider, "board-b");
  auto listed = reader.List(1, {.limit = 100});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 2) << "the duplicate is not listed";
  auto visible = reader.GetVisible(
      1, {test_db().QueryInt("SELECT id FROM postings WHERE external_id = 'x10'"),
          test_db().QueryInt("SELECT id FROM postings WHERE external_id = 'x9'"), canonical, 987654});
  ASSERT_TRUE(visible.ok());
  ASSERT_EQ(visible->size(), 2u) << "duplicates and unknown ids are left out";
  EXPECT_EQ((*visible)[0].external_id, "x10");
  EXPECT_EQ((*visible)[1].id, canonical);
}

TEST_F(IngestDedupeExpiryTest, RepostsWithoutACompanyAreFoundByTheirSimHashBands) {
  // No key or URL in common, and no company to look up by: only a shared SimHash band finds the
  // earlier posting, in both directions (a company-less one stored, one with a company coming;
  // and the other way round). Each in its own sync, so the stored postings are looked up.
  const std::string text =
      "Build and run the pipelines that feed our forecasting models, own their data quality, and "
      "work with analysts on new sources every week. You know SQL and Python well, have run "
      "production data systems before, and like to explain what the numbers mean to the teams "
      "that use them. We review code together, write down what we decide, and keep on-call calm.";
  const int64_t a = AddFakeSource("board-a");
  const int64_t b = AddFakeSource("board-b");
  const int64_t c = AddFakeSource("board-c");
  ASSERT_TRUE(SyncFake(a, OnePage({MakePosting("board-a", "1", "Data Engineer", "", "Austin", text)})).ok());
  ASSERT_TRUE(
      SyncFake(b, OnePage({MakePosting("board-b", "2", "Data Engineer", "Northwind Analytics", "Austin", text)}))
          .ok());
  ASSERT_TRUE(SyncFake(c, OnePage({MakePosting("board-c", "3", "Data Engineer", "", "Austin", text)})).ok());
  const int64_t first = test_db().QueryInt("SELECT id FROM postings WHERE external_id = '1'");
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE external_id = '2'"), first);
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE external_id = '3'"), first);
}

TEST_F(IngestDedupeExpiryTest, ARepostWithoutACompanyFindsAPostingWithOneByItsSimHashBands) {
  // The posting with a company is stored first; the company-less repost has another title (so
  // another key) and URL: only the per-band lookup of every posting (0066) can find it.
  const std::string text =
      "Plan and run the night shift of our packaging line, train new operators on the machines, "
      "keep the maintenance log, and report downtime and its causes to the plant manager each "
      "morning. Forklift licence and two years on a production floor expected; overtime paid.";
  const int64_t a = AddFakeSource("board-a");
  const int64_t b = AddFakeSource("board-b");
  ASSERT_TRUE(SyncFake(a, OnePage({MakePosting("board-a", "1", "Packaging Shift Lead", "Acme Foods", "Austin", text)}))
                  .ok());
  auto run = SyncFake(b, OnePage({MakePosting("board-b", "2", "Shift Lead Packaging", "", "Austin", text)}));
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_NE(test_db().QueryValue("SELECT dedupe_key FROM postings WHERE external_id = '1'"),
            test_db().QueryValue("SELECT dedupe_key FROM postings WHERE external_id = '2'"));
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE external_id = '2'"),
            test_db().QueryInt("SELECT id FROM postings WHERE external_id = '1'"));
}

TEST_F(IngestDedupeExpiryTest, DeletingByHandClearsReferencesAndAPageOfADeletedSourceFails) {
  // postings.source_id and canonical_id have no foreign keys (0063): triggers clear them as
  // ON DELETE SET NULL did, and a page locks its source instead of each row checking it.
  const std::string text =
      "Bake bread and pastries every morning for our two shops, and train the new apprentices.";
  const int64_t a = AddFakeSource("board-a");
  const int64_t b = AddFakeSource("board-b");
  ASSERT_TRUE(SyncFake(a, OnePage({MakePosting("board-a", "1", "Baker", "Crumb", "Lyon", text)})).ok());
  ASSERT_TRUE(SyncFake(b, OnePage({MakePosting("board-b", "2", "Baker", "Crumb", "Lyon", text),
                                   MakePosting("board-b", "3", "Welder", "Forge", "Leeds")}))
                  .ok());
  ASSERT_EQ(Count("canonical_id IS NOT NULL"), 1);

  test_db().Exec("DELETE FROM postings WHERE external_id = '1'");
  EXPECT_EQ(Count("canonical_id IS NOT NULL"), 0) << "the duplicate's canonical posting is gone";
  test_db().Exec("DELETE FROM sources WHERE id = " + std::to_string(b));
  EXPECT_EQ(Count("source_id IS NOT NULL"), 0);
  EXPECT_EQ(Count(), 2);

  // A page of the deleted source (its sync was under way) stores nothing.
  store::PageWrite write;
  write.rows.push_back(ingest::ToPostingRow(MakePosting("board-b", "4", "Porter", "Inn", "York")));
  write.pass = store::PassPage{.source_id = b, .run_id = 1};
  store::PostingWriter writer(db(), ingest::NewDuplicateResolver());
  const absl::StatusOr<store::WriteCounts> written = writer.Write(std::move(write));
  EXPECT_TRUE(absl::IsFailedPrecondition(written.status())) << written.status();
  EXPECT_NE(written.status().message().find("no longer exists"), std::string::npos) << written.status();
  EXPECT_EQ(Count(), 2);
}

TEST_F(IngestDedupeExpiryTest, DuplicatesWithinOnePageLinkToTheEarliest) {
  const std::string text =
      "Bake bread and pastries every morning for our two shops, and train the new apprentices.";
  const int64_t source = AddFakeSource("page");
  auto run = SyncFake(source, OnePage({MakePosting("p", "b", "Baker", "Crumb", "Lyon", text),
                                       MakePosting("p", "a", "Baker", "Crumb", "Lyon", text),
                                       MakePosting("p", "c", "Baker", "Crumb", "Lyon", text)}));
  ASSERT_TRUE(run.ok()) << run.status();
  const int64_t first = test_db().QueryInt("SELECT min(id) FROM postings");
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM postings WHERE canonical_id = " + std::to_string(first)),
            2);
  EXPECT_EQ(Count("canonical_id IS NULL"), 1);
}

TEST_F(IngestDedupeExpiryTest, PostingsMissingFromFullSyncsExpireAfterTheConfiguredNumber) {
  const int64_t source = AddFakeSource("full");
  const ingest::Posting keep = MakePosting("full", "keep", "Welder");
  const ingest::Posting gone = MakePosting("full", "gone", "Baker");
  ASSERT_TRUE(SyncFake(source, OnePage({keep, gone}), {.expire_after_missed_syncs = 3}).ok());
  for (int pass = 1; pass <= 3; ++pass) {
    auto run = SyncFake(source, OnePage({keep}), {.expire_after_missed_syncs = 3});
    ASSERT_TRUE(run.ok()) << run.status();
    EXPECT_EQ(
        test_db().QueryInt("SELECT missed_syncs FROM postings JOIN posting_sightings ON posting_id = id "
                           "WHERE external_id = 'gone'"),
        pass);
    EXPECT_EQ(run->expired, pass == 3 ? 1 : 0) << "pass " << pass;
    EXPECT_EQ(test_db().QueryValue("SELECT status FROM postings WHERE external_id = 'gone'"),
              pass == 3 ? "expired" : "active");
  }
  EXPECT_EQ(test_db().QueryValue(
                "SELECT status || missed_syncs FROM postings JOIN posting_sightings ON posting_id = id "
                "WHERE external_id = 'keep'"),
            "active0");
  // Back in the source: active again, unchanged.
  auto back = SyncFake(source, OnePage({keep, gone}), {.expire_after_missed_syncs = 3});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->unchanged, 2);
  EXPECT_EQ(test_db().QueryValue(
                "SELECT status || missed_syncs FROM postings JOIN posting_sightings ON posting_id = id "
                "WHERE external_id = 'gone'"),
            "active0");
}

TEST_F(IngestDedupeExpiryTest, IncrementalSourcesDoNotExpireByAbsence) {
  const int64_t source = AddFakeSource("incremental", /*full_sync=*/false);
  ASSERT_TRUE(
      SyncFake(source, OnePage({MakePosting("inc", "1", "Welder")}), {.expire_after_missed_syncs = 1}).ok());
  // The next pass continues from the connector's cursor: what is new since the last one.
  auto script = OnePage({});
  script->pages.resize(2);
  script->pages[1].postings = {MakePosting("inc", "2", "Baker")};
  auto run = SyncFake(source, script, {.expire_after_missed_syncs = 1});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(script->requested, std::vector<nlohmann::json>{nlohmann::json({{"page", 1}})});
  EXPECT_EQ(run->expired, 0);
  EXPECT_EQ(Count("status = 'active'"), 2);
}

TEST_F(IngestDedupeExpiryTest, PostingsPastTheirExpiryDateExpire) {
  const int64_t source = AddFakeSource("dated", /*full_sync=*/false);
  ingest::Posting past = MakePosting("dated", "past", "Welder");
  past.posted_at = At("2020-01-01T00:00:00Z");
  past.expires_at = At("2020-02-01T00:00:00Z");
  ingest::Posting soon = MakePosting("dated", "soon", "Baker");
  soon.expires_at =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::hours(1);
  auto run = SyncFake(source, OnePage({past, soon}));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(test_db().QueryValue("SELECT status FROM postings WHERE external_id = 'past'"), "expired")
      << "already past its date when it arrives";
  EXPECT_EQ(test_db().QueryValue("SELECT status FROM postings WHERE external_id = 'soon'"), "active");

  // Time passes: the sweep (the scheduler's) expires it, without any sync.
  test_db().Exec("UPDATE postings SET expires_at = now() - interval '1 second' WHERE external_id = 'soon'");
  store::PostingWriter writer(db(), ingest::NewDuplicateResolver());
  auto swept = writer.ExpirePastDue();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Count("status = 'active'"), 0);
  auto listed = store::PostingReader(db()).List(1, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 0);
}

TEST_F(IngestDedupeExpiryTest, WhenTheCanonicalPostingExpiresItsNextDuplicateLeadsTheCluster) {
  const std::string text =
      "Drive our delivery van across the city, load and unload parcels, and keep the log book.";
  const int64_t a = AddFakeSource("a");
  const int64_t b = AddFakeSource("b");
  const int64_t c = AddFakeSource("c");
  ASSERT_TRUE(SyncFake(a, OnePage({MakePosting("a", "1", "Driver", "Parcel Co", "Leeds", text)})).ok());
  ASSERT_TRUE(SyncFake(b, OnePage({MakePosting("b", "1", "Driver", "Parcel Co", "Leeds", text)})).ok());
  ASSERT_TRUE(SyncFake(c, OnePage({MakePosting("c", "1", "Driver", "Parcel Co", "Leeds", text)})).ok());
  const int64_t id_a = test_db().QueryInt("SELECT id FROM postings WHERE provider = 'a'");
  const int64_t id_b = test_db().QueryInt("SELECT id FROM postings WHERE provider = 'b'");
  ASSERT_EQ(Count("canonical_id = " + std::to_string(id_a)), 2);

  // Source a no longer has it (one missed pass expires it here).
  ASSERT_TRUE(SyncFake(a, OnePage({}), {.expire_after_missed_syncs = 1}).ok());
  EXPECT_EQ(test_db().QueryValue("SELECT status FROM postings WHERE provider = 'a'"), "expired");
  EXPECT_EQ(
      test_db().QueryValue("SELECT coalesce(canonical_id::text, 'none') FROM postings WHERE provider = 'b'"),
      "none");
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE provider = 'c'"), id_b);
  EXPECT_EQ(test_db().QueryInt("SELECT canonical_id FROM postings WHERE provider = 'a'"), id_b);
  auto listed = store::PostingReader(db()).List(1, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, id_b);
}

}  // namespace
}  // namespace jobrec::testing
