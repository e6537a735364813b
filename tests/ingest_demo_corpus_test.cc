// The demo corpus at first start: loaded into an empty database only, its dates rebased so that
// the newest posting is "now" with the spacing kept, its invented fields flagged.
#include <chrono>

#include <gtest/gtest.h>

#include "jobrec/ingest/demo_corpus.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/pg_posting_sink.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {
namespace {

using Outcome = ingest::DemoLoadResult::Outcome;

class IngestDemoCorpusTest : public IngestTest {
 protected:
  ingest::DemoCorpusOptions Options() {
    return {.path = SourcePath("data/demo/postings.jsonl.gz"),
            .now = [] { return At("2027-03-15T12:00:00Z"); }};
  }
};

// posted_at of every posting in the file, by external id.
std::map<std::string, ingest::TimePoint> FileDates(const std::string& path) {
  std::map<std::string, ingest::TimePoint> out;
  auto source = ingest::JsonlSource::Open({.path = path, .page_size = 100000});
  EXPECT_TRUE(source.ok());
  auto page = (*source)->FetchPage(nullptr);
  EXPECT_TRUE(page.ok());
  for (const auto& p : page->postings) out[p.external_id] = *p.posted_at;
  return out;
}

TEST_F(IngestDemoCorpusTest, LoadsIntoAnEmptyDatabaseOnceWithRebasedDates) {
  const auto started = std::chrono::steady_clock::now();
  auto loaded = ingest::LoadDemoCorpusIfEmpty(db(), Options());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->outcome, Outcome::kLoaded);
  const std::map<std::string, ingest::TimePoint> file = FileDates(Options().path);
  std::printf("demo corpus: %zu postings loaded in %.2f s\n", file.size(), seconds);
  ASSERT_TRUE(loaded->run);
  EXPECT_EQ(loaded->run->seen, static_cast<int64_t>(file.size()));
  EXPECT_EQ(loaded->run->rejected, 0);
  EXPECT_EQ(Count("provider = 'demo'"), static_cast<int64_t>(file.size()));

  // The newest posting is now; every posting moved by the same amount.
  EXPECT_EQ(
      test_db().QueryValue("SELECT to_char(max(posted_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
                           "FROM postings"),
      "2027-03-15T12:00:00");
  ingest::TimePoint newest = file.begin()->second;
  for (const auto& [id, t] : file) newest = std::max(newest, t);
  const auto shift = At("2027-03-15T12:00:00Z") - newest;
  for (const std::string id : {"demo-11-1011.00-001", "demo-15-2051.00-003", "demo-53-7062.00-002"}) {
    ASSERT_TRUE(file.count(id)) << id;
    EXPECT_EQ(
        test_db().QueryInt(
            "SELECT extract(epoch FROM posted_at)::bigint FROM postings WHERE external_id = '" + id + "'"),
        (file.at(id) + shift).time_since_epoch().count())
        << id;
  }
  EXPECT_EQ(Count("labels->'synthetic' ? 'company' AND raw::jsonb->'synthetic' ? 'company' AND labels ? 'onet_soc'"),
            static_cast<int64_t>(file.size()));
  EXPECT_EQ(test_db().QueryValue("SELECT params->>'shift_seconds' FROM sources WHERE name = 'demo'"),
            std::to_string(shift.count()));
  // Nearly all of it is visible (the rare near-identical synthetic pair collapses).
  EXPECT_GT(Count("status = 'active' AND canonical_id IS NULL"),
            static_cast<int64_t>(file.size() * 99 / 100));
  // A bulk load leaves the planner statistics that describe it (the search indexer's ANALYZE),
  // not those of an empty table.
  EXPECT_GE(test_db().QueryInt("SELECT reltuples::bigint FROM pg_class WHERE relname = 'postings'"),
            static_cast<int64_t>(file.size() * 9 / 10));

  // Second start: nothing to do, nothing run.
  auto second = ingest::LoadDemoCorpusIfEmpty(db(), Options());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->outcome, Outcome::kNotEmpty);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM sync_runs"), 1);
}

TEST_F(IngestDemoCorpusTest, SkipsWhenDisabledMissingOrNotEmpty) {
  ingest::DemoCorpusOptions options = Options();
  options.enabled = false;
  auto disabled = ingest::LoadDemoCorpusIfEmpty(db(), options);
  ASSERT_TRUE(disabled.ok());
  EXPECT_EQ(disabled->outcome, Outcome::kDisabled);

  options = Options();
  options.path = "/nonexistent/postings.jsonl.gz";
  auto missing = ingest::LoadDemoCorpusIfEmpty(db(), options);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->outcome, Outcome::kMissingFile);
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM sources"), 0);

  std::vector<ingest::Posting> one = {MakePosting("elsewhere", "1", "Welder")};
  ASSERT_TRUE(ingest::PgPostingSink(db()).Upsert(one).ok());
  auto not_empty = ingest::LoadDemoCorpusIfEmpty(db(), Options());
  ASSERT_TRUE(not_empty.ok());
  EXPECT_EQ(not_empty->outcome, Outcome::kNotEmpty);
  EXPECT_EQ(Count(), 1);
  EXPECT_STREQ(ingest::DemoOutcomeName(Outcome::kNotEmpty), "not_empty");
}

}  // namespace
}  // namespace jobrec::testing
