// The full-text vector of postings (store/posting_writer_search.h): stored postings become
// searchable by the time the sync or the sink call returns, a change of content is indexed
// again, and postings left pending (an error, a crash) are picked up later.
#include <gtest/gtest.h>

#include "jobrec/ingest/pg_posting_sink.h"
#include "jobrec/ingest/posting_record.h"
#include "jobrec/store/posting_writer.h"
#include "jobrec/store/posting_writer_search.h"
#include "tests/ingest_test_support.h"

namespace jobrec::testing {
namespace {

class SearchIndexTest : public IngestTest {
 protected:
  int64_t Matching(const std::string& query) {
    return test_db().QueryInt(
        "SELECT count(*) FROM postings p JOIN posting_search s ON s.posting_id = p.id "
        "WHERE s.search @@ websearch_to_tsquery('english', '" + query + "')");
  }
  // Postings queued (a posting queued twice counts twice).
  int64_t Pending() {
    return test_db().QueryInt("SELECT coalesce(sum(cardinality(posting_ids)), 0) FROM posting_search_queue");
  }
};

TEST_F(SearchIndexTest, SyncedPostingsAreSearchableWhenTheSyncReturns) {
  const int64_t source = AddFakeSource("board");
  ASSERT_TRUE(SyncFake(source, OnePage({MakePosting("board", "1", "Platform Engineer", "Acme", "Austin",
                                                    "Operate our Kubernetes clusters."),
                                        MakePosting("board", "2", "Bookkeeper", "Crumbs", "Austin",
                                                    "Keep the books of a small bakery.")}))
                  .ok());
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(Matching("kubernetes cluster"), 1);  // stemmed: "clusters"
  EXPECT_EQ(Matching("bakery"), 1);
  // The weights of the former generated column: title A, company B, description D.
  EXPECT_EQ(test_db().QueryInt("SELECT count(*) FROM posting_search WHERE search @@ to_tsquery('english', 'platform:A') "
                               "AND search @@ to_tsquery('english', 'acme:B') "
                               "AND search @@ to_tsquery('english', 'kubernetes:D')"),
            1);
}

TEST_F(SearchIndexTest, ChangedContentIsIndexedAgainAndUnchangedKeepsItsVector) {
  const int64_t source = AddFakeSource("board");
  ASSERT_TRUE(SyncFake(source, OnePage({MakePosting("board", "1", "Engineer", "Acme", "Austin",
                                                    "Operate our Kubernetes clusters.")}))
                  .ok());
  ASSERT_TRUE(SyncFake(source, OnePage({MakePosting("board", "1", "Engineer", "Acme", "Austin",
                                                    "Bake bread in a small bakery.")}))
                  .ok());
  EXPECT_EQ(Matching("kubernetes"), 0);
  EXPECT_EQ(Matching("bakery"), 1);
  const auto synced = SyncFake(source, OnePage({MakePosting("board", "1", "Engineer", "Acme", "Austin",
                                                            "Bake bread in a small bakery.")}));
  ASSERT_TRUE(synced.ok());
  EXPECT_EQ(synced->unchanged, 1);
  EXPECT_EQ(Matching("bakery"), 1);
}

TEST_F(SearchIndexTest, SinkPostingsAreSearchableWhenUpsertReturns) {
  ingest::PgPostingSink sink(db());
  const std::vector<ingest::Posting> postings = {
      MakePosting("file", "a", "Welder", "Forge", "Austin", "Weld steel frames.")};
  ASSERT_TRUE(sink.Upsert(postings).ok());
  EXPECT_EQ(Matching("weld"), 1);
}

TEST_F(SearchIndexTest, PendingPostingsAreIndexedInBatchesAndTheSweepCatchesLeftovers) {
  constexpr int kPostings = 2005;
  std::vector<ingest::Posting> postings;
  for (int i = 0; i < kPostings; ++i) {
    postings.push_back(MakePosting("file", std::to_string(i), "Role " + std::to_string(i), "Company",
                                   "City " + std::to_string(i)));
  }
  ingest::PgPostingSink sink(db());
  ASSERT_TRUE(sink.Upsert(postings).ok());
  ASSERT_EQ(Pending(), 0);

  // What interrupted writes leave behind: pages still queued (here with no vectors yet, to see
  // them come), one of them naming a posting that is no longer stored.
  test_db().Exec("DELETE FROM posting_search");
  test_db().Exec("INSERT INTO posting_search_queue (posting_ids) SELECT array_agg(id) FROM postings GROUP BY id % 7");
  test_db().Exec("INSERT INTO posting_search_queue (posting_ids) VALUES ('{-1}')");
  EXPECT_EQ(Matching("role"), 0);
  // Three workers share the pages; each posting is indexed once.
  const absl::StatusOr<int64_t> indexed = store::IndexPendingSearch(db(), 3);
  ASSERT_TRUE(indexed.ok()) << indexed.status();
  EXPECT_EQ(*indexed, kPostings);
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(Matching("role"), kPostings);
  EXPECT_EQ(*store::IndexPendingSearch(db()), 0);

  test_db().Exec(
      "INSERT INTO posting_search_queue (posting_ids) SELECT array_agg(id) FROM postings WHERE external_id IN ('1', '2')");
  {
    store::PostingWriter writer(db(), ingest::NewDuplicateResolver());
    ASSERT_TRUE(writer.ExpirePastDue().ok());
  }
  EXPECT_EQ(Pending(), 0);
}

// Indexing failing does not fail the write: the postings are stored, and stay pending.
TEST_F(SearchIndexTest, AFailingIndexerLeavesPostingsStoredAndPending) {
  test_db().Exec("ALTER FUNCTION posting_search_vector(text, text, text) RENAME TO gone");
  ingest::PgPostingSink sink(db());
  const std::vector<ingest::Posting> postings = {MakePosting("file", "a", "Cook"), MakePosting("file", "b", "Baker")};
  ASSERT_TRUE(sink.Upsert(postings).ok());
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(Pending(), 2);
  EXPECT_FALSE(store::IndexPendingSearch(db()).ok());

  test_db().Exec("ALTER FUNCTION gone(text, text, text) RENAME TO posting_search_vector");
  EXPECT_EQ(*store::IndexPendingSearch(db()), 2);
  EXPECT_EQ(Matching("cook"), 1);
}

}  // namespace
}  // namespace jobrec::testing
