#include "jobrec/index/vector_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "jobrec/embed/testing/scratch_dir.h"
#include "jobrec/index/index_holder.h"
#include "jobrec/index/testing/synthetic_postings.h"

namespace jobrec::index {
namespace {

using embed::testing::ScratchDir;

constexpr int kDim = 16;
constexpr int64_t kNow = 1796220000;
constexpr char kModel[] = "ft-20261202T141502Z-0123456789ab";

testing::SyntheticOptions Synthetic(size_t count) {
  testing::SyntheticOptions o;
  o.count = count;
  o.dim = kDim;
  o.clusters = 30;
  o.now_unix = kNow;
  return o;
}

IndexOptions SmallIndexOptions() {
  IndexOptions o;
  o.m = 12;
  o.ef_construction = 100;
  o.ef_search = 64;
  // Attribute checks priced as in an index 1000 times larger, so the filtered graph path is
  // taken at mid selectivity even in this small index.
  o.exact_scan_check_cost = 5;
  return o;
}

class VectorIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rows_ = new std::vector<IndexRow>(testing::MakeSyntheticRows(Synthetic(4000)));
    queries_ = new std::vector<std::vector<float>>(
        testing::MakeSyntheticQueries(Synthetic(4000), 40, /*seed=*/7));
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete queries_;
  }
  void SetUp() override {
    auto index = VectorIndex::Build(*rows_, kModel, kDim, SmallIndexOptions());
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    for (const IndexRow& row : *rows_) by_id_[row.posting_id] = &row;
  }

  // Every hit passes the filter, hits are sorted, distinct, and as many as the exact search
  // returns; returns recall against the exact search.
  double CheckAgainstExact(const std::vector<float>& query, size_t k, const SearchFilter& filter,
                           SearchResult* out = nullptr) {
    auto result = index_->Search(query, k, filter);
    auto exact = index_->ExactSearch(query, k, filter);
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(exact.ok()) << exact.status();
    if (!result.ok() || !exact.ok()) return 0;
    EXPECT_EQ(result->hits.size(), exact->hits.size());
    std::set<int64_t> seen;
    for (size_t i = 0; i < result->hits.size(); ++i) {
      const SearchHit& hit = result->hits[i];
      EXPECT_TRUE(seen.insert(hit.posting_id).second) << "duplicate " << hit.posting_id;
      if (i > 0) {
        EXPECT_GE(result->hits[i - 1].score, hit.score);
      }
      EXPECT_FALSE(std::count(filter.exclude_ids.begin(), filter.exclude_ids.end(), hit.posting_id))
          << "excluded id returned";
      EXPECT_TRUE(PassesFilter(*by_id_.at(hit.posting_id), filter)) << hit.posting_id;
    }
    size_t found = 0;
    for (const SearchHit& e : exact->hits) found += seen.count(e.posting_id);
    if (out != nullptr) *out = *result;
    return exact->hits.empty() ? 1.0 : static_cast<double>(found) / exact->hits.size();
  }

  // An independent check of the filter semantics on the row itself.
  static bool PassesFilter(const IndexRow& row, const SearchFilter& f) {
    AttributeStore store;
    const CompactAttributes c = store.Encode(row.attributes);
    return store.Compile(f, kNow).Matches(c);
  }

  static std::vector<IndexRow>* rows_;
  static std::vector<std::vector<float>>* queries_;
  std::unique_ptr<VectorIndex> index_;
  std::map<int64_t, const IndexRow*> by_id_;
};
std::vector<IndexRow>* VectorIndexTest::rows_ = nullptr;
std::vector<std::vector<float>>* VectorIndexTest::queries_ = nullptr;

TEST_F(VectorIndexTest, UnfilteredSearchHasHighRecall) {
  double recall = 0;
  for (const auto& q : *queries_) {
    SearchResult result;
    recall += CheckAgainstExact(q, 20, SearchFilter(), &result);
    EXPECT_EQ(result.strategy, SearchStrategy::kGraph);
    EXPECT_EQ(result.hits.size(), 20u);
  }
  EXPECT_GE(recall / queries_->size(), 0.95);
  const IndexStats stats = index_->Stats();
  EXPECT_EQ(stats.live, 4000u);
  EXPECT_EQ(stats.model_version, kModel);
  EXPECT_GT(stats.graph_bytes, 4000u * kDim * sizeof(float));
}

TEST_F(VectorIndexTest, ScoresAreCosineSimilarities) {
  auto result = index_->Search((*rows_)[17].vector, 1, SearchFilter());
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 1u);
  EXPECT_EQ(result->hits[0].posting_id, (*rows_)[17].posting_id);
  EXPECT_NEAR(result->hits[0].score, 1.0f, 1e-5f);
  // The index normalises: a scaled query gives the same scores.
  std::vector<float> scaled = (*rows_)[17].vector;
  for (float& x : scaled) x *= 3.5f;
  auto same = index_->Search(scaled, 1, SearchFilter());
  ASSERT_TRUE(same.ok());
  EXPECT_NEAR(same->hits[0].score, 1.0f, 1e-5f);
}

TEST_F(VectorIndexTest, EachFilterAloneAndCombined) {
  std::vector<SearchFilter> filters(6);
  filters[0].remote_modes = AcceptedModes(RemotePreference::kHybrid);
  filters[1].locations = {{"US", ""}, {"GB", "London"}};
  filters[2].min_salary = 100000;
  filters[3].min_salary = 100000;
  filters[3].allow_unknown_salary = false;
  filters[4].posted_within_days = 30;
  filters[4].now_unix = kNow;
  filters[5].remote_modes = AcceptedModes(RemotePreference::kOnsite);
  filters[5].locations = {{"US", ""}};
  filters[5].min_salary = 80000;
  filters[5].posted_within_days = 60;
  filters[5].now_unix = kNow;
  for (size_t f = 0; f < filters.size(); ++f) {
    double recall = 0;
    for (const auto& q : *queries_) recall += CheckAgainstExact(q, 20, filters[f]);
    EXPECT_GE(recall / queries_->size(), 0.9) << "filter " << f;
  }
}

TEST_F(VectorIndexTest, ExcludedIdsAreNeverReturnedAndTheCountIsKept) {
  const auto& q = (*queries_)[0];
  auto first = index_->Search(q, 20, SearchFilter());
  ASSERT_TRUE(first.ok());
  SearchFilter filter;
  for (const SearchHit& hit : first->hits) filter.exclude_ids.push_back(hit.posting_id);
  filter.exclude_ids.push_back(999999);  // unknown ids are ignored
  SearchResult result;
  EXPECT_GE(CheckAgainstExact(q, 20, filter, &result), 0.9);
  EXPECT_EQ(result.hits.size(), 20u);
}

TEST_F(VectorIndexTest, SelectiveFilterStillReturnsTheRequestedCount) {
  // About 0.3% of postings: Austin, hybrid, posted in the last 20 days.
  SearchFilter filter;
  filter.locations = {{"US", "Austin"}};
  filter.remote_modes = RemoteModes::Of({RemoteMode::kHybrid});
  filter.posted_within_days = 20;
  filter.now_unix = kNow;
  size_t matching = 0;
  for (const IndexRow& row : *rows_) matching += PassesFilter(row, filter);
  ASSERT_GT(matching, 0u);
  for (const auto& q : *queries_) {
    SearchResult result;
    EXPECT_EQ(CheckAgainstExact(q, 5, filter, &result), 1.0);
    EXPECT_EQ(result.hits.size(), std::min<size_t>(5, matching));
    EXPECT_EQ(result.strategy, SearchStrategy::kExactScan);
  }
}

TEST_F(VectorIndexTest, MidSelectivityFilterUsesTheFilteredGraph) {
  SearchFilter filter;
  filter.remote_modes = RemoteModes::Of({RemoteMode::kHybrid});  // about 15%
  int graph = 0;
  for (const auto& q : *queries_) {
    SearchResult result;
    EXPECT_GE(CheckAgainstExact(q, 20, filter, &result), 0.85);
    EXPECT_EQ(result.hits.size(), 20u);
    graph += result.strategy == SearchStrategy::kFilteredGraph;
    EXPECT_GT(result.estimated_selectivity, 0.05);
    EXPECT_LT(result.estimated_selectivity, 0.3);
  }
  EXPECT_GT(graph, 30);
}

TEST_F(VectorIndexTest, FilterWhoseMatchesAreFarFromTheQueryIsStillExact) {
  // The 150 postings least similar to the query are the only ones in "Farville": the graph
  // search starts among the query's neighbours, where nothing matches.
  const std::vector<float>& q = (*queries_)[2];
  std::vector<std::pair<float, size_t>> by_score;
  for (size_t i = 0; i < rows_->size(); ++i) {
    float dot = 0;
    for (int d = 0; d < kDim; ++d) dot += q[d] * (*rows_)[i].vector[d];
    by_score.emplace_back(dot, i);
  }
  std::sort(by_score.begin(), by_score.end());
  std::vector<IndexRow> rows = *rows_;
  for (size_t i = 0; i < 150; ++i) rows[by_score[i].second].attributes.city = "Farville";
  SearchFilter filter;
  filter.locations = {{"", "Farville"}};

  // Default budget, then one that runs out: ef above the 150 matches keeps the walk going,
  // and the budget (ef * 2m = 1600 visits) is below the 4000 postings.
  IndexOptions starved = SmallIndexOptions();
  starved.m = 4;
  starved.ef_search = 200;
  starved.exact_scan_check_cost = 20;  // make the graph plan look cheaper than the scan
  starved.visit_budget_factor = 1e-9;
  for (const IndexOptions& options : {SmallIndexOptions(), starved}) {
    auto index = VectorIndex::Build(rows, kModel, kDim, options);
    ASSERT_TRUE(index.ok());
    auto result = (*index)->Search(q, 20, filter);
    auto exact = (*index)->ExactSearch(q, 20, filter);
    ASSERT_TRUE(result.ok() && exact.ok());
    ASSERT_EQ(result->hits.size(), 20u);
    for (size_t i = 0; i < 20; ++i) {
      EXPECT_EQ(result->hits[i].posting_id, exact->hits[i].posting_id);
    }
    if (options.m == starved.m) {
      EXPECT_EQ(result->strategy, SearchStrategy::kFilteredGraphThenExact);
    }
  }
}

TEST_F(VectorIndexTest, FilterMatchingFewerThanKReturnsAllMatches) {
  SearchFilter filter;
  filter.exclude_ids = {};
  filter.locations = {{"ZZ", ""}};  // nobody on site (remote postings without a country
  filter.remote_modes = RemoteModes::Of({RemoteMode::kOnsite});  // would match anywhere)
  auto none = index_->Search((*queries_)[0], 10, filter);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->hits.empty());
  // Exactly three postings match.
  filter = SearchFilter();
  filter.remote_modes = RemoteModes::Of({RemoteMode::kUnknown});
  filter.min_salary = 0;
  filter.allow_unknown_salary = false;
  filter.posted_within_days = 1000;
  filter.now_unix = kNow;
  std::vector<int64_t> matching;
  for (const IndexRow& row : *rows_) {
    if (PassesFilter(row, filter)) matching.push_back(row.posting_id);
  }
  ASSERT_GT(matching.size(), 3u);
  filter.exclude_ids.assign(matching.begin() + 3, matching.end());
  auto three = index_->Search((*queries_)[0], 10, filter);
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->hits.size(), 3u);
}

TEST_F(VectorIndexTest, UnitVectorOfIsTheNormalisedStoredVector) {
  const IndexRow& row = (*rows_)[17];
  auto v = index_->UnitVectorOf(row.posting_id);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), static_cast<size_t>(kDim));
  double norm = 0, row_norm = 0;
  for (int i = 0; i < kDim; ++i) {
    norm += double((*v)[i]) * (*v)[i];
    row_norm += double(row.vector[i]) * row.vector[i];
  }
  EXPECT_NEAR(norm, 1.0, 1e-5);
  for (int i = 0; i < kDim; ++i) {
    EXPECT_NEAR((*v)[i], row.vector[i] / std::sqrt(row_norm), 1e-5);
  }
  EXPECT_FALSE(index_->UnitVectorOf(424242).has_value());
  const int64_t removed = row.posting_id;
  EXPECT_EQ(index_->Remove({&removed, 1}), 1u);
  EXPECT_FALSE(index_->UnitVectorOf(removed).has_value());
}

TEST_F(VectorIndexTest, RemovedPostingsAreNotReturnedAndCanComeBack) {
  const auto& q = (*queries_)[1];
  auto before = index_->Search(q, 10, SearchFilter());
  ASSERT_TRUE(before.ok());
  std::vector<int64_t> removed;
  for (const SearchHit& hit : before->hits) removed.push_back(hit.posting_id);
  removed.push_back(424242);  // unknown
  EXPECT_EQ(index_->Remove(removed), 10u);
  EXPECT_EQ(index_->Remove(removed), 0u);  // already removed
  EXPECT_EQ(index_->Stats().live, 3990u);
  EXPECT_EQ(index_->Stats().deleted, 10u);
  EXPECT_FALSE(index_->Contains(removed[0]));
  SearchResult result;
  EXPECT_GE(CheckAgainstExact(q, 10, SearchFilter(), &result), 0.9);
  for (const SearchHit& hit : result.hits) {
    EXPECT_EQ(std::count(removed.begin(), removed.end(), hit.posting_id), 0);
  }
  // Re-adding one restores it.
  const IndexRow& back = *by_id_.at(removed[0]);
  ASSERT_TRUE(index_->Add({&back, 1}, kModel).ok());
  EXPECT_TRUE(index_->Contains(removed[0]));
  EXPECT_EQ(index_->Stats().live, 3991u);
  auto after = index_->Search(q, 10, SearchFilter());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->hits[0].posting_id, before->hits[0].posting_id);
}

TEST_F(VectorIndexTest, AddsGrowTheIndexAndReplaceExistingPostings) {
  std::vector<IndexRow> more = testing::MakeSyntheticRows(Synthetic(3000));
  for (IndexRow& row : more) row.posting_id += 100000;  // new ids
  ASSERT_TRUE(index_->Add(more, kModel).ok());
  EXPECT_EQ(index_->Stats().live, 7000u);
  EXPECT_GE(index_->Stats().capacity, 7000u);
  // Replacing a posting's vector and attributes keeps the count.
  IndexRow moved = (*rows_)[5];
  moved.vector = (*rows_)[6].vector;
  moved.attributes.country = "NL";
  ASSERT_TRUE(index_->Add({&moved, 1}, kModel).ok());
  EXPECT_EQ(index_->Stats().live, 7000u);
  SearchFilter netherlands;
  netherlands.locations = {{"NL", ""}};
  netherlands.exclude_ids = {(*rows_)[6].posting_id};
  auto result = index_->ExactSearch((*rows_)[6].vector, 1, netherlands);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 1u);
  EXPECT_EQ(result->hits[0].posting_id, moved.posting_id);
}

TEST_F(VectorIndexTest, BadInputIsRejected) {
  IndexRow row = (*rows_)[0];
  row.posting_id = 777777;
  EXPECT_EQ(index_->Add({&row, 1}, "another-model").code(), absl::StatusCode::kFailedPrecondition);
  row.vector.resize(kDim - 1);
  EXPECT_EQ(index_->Add({&row, 1}, kModel).code(), absl::StatusCode::kInvalidArgument);
  row.vector.assign(kDim, 0.0f);
  EXPECT_EQ(index_->Add({&row, 1}, kModel).code(), absl::StatusCode::kInvalidArgument);
  row.vector.assign(kDim, 1.0f);
  row.vector[3] = NAN;
  EXPECT_EQ(index_->Add({&row, 1}, kModel).code(), absl::StatusCode::kInvalidArgument);
  // A batch with one bad row adds nothing.
  std::vector<IndexRow> batch = {(*rows_)[0], row};
  batch[0].posting_id = 888888;
  EXPECT_FALSE(index_->Add(batch, kModel).ok());
  EXPECT_FALSE(index_->Contains(888888));

  const std::vector<float> q = (*queries_)[0];
  EXPECT_EQ(index_->Search(q, 0, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search(q, 100000, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search(std::vector<float>(kDim + 1, 1.0f), 5, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search(std::vector<float>(kDim, 0.0f), 5, {}).status().code(),
            absl::StatusCode::kInvalidArgument);

  std::vector<IndexRow> duplicate = {(*rows_)[0], (*rows_)[0]};
  EXPECT_EQ(VectorIndex::Build(duplicate, kModel, kDim, SmallIndexOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  IndexOptions bad = SmallIndexOptions();
  bad.m = 1;
  EXPECT_EQ(common::FieldOf(VectorIndex::Build({}, kModel, kDim, bad).status()), "index.m");
}

TEST_F(VectorIndexTest, EmptyIndexReturnsNothing) {
  auto empty = VectorIndex::Build({}, kModel, kDim, SmallIndexOptions());
  ASSERT_TRUE(empty.ok());
  auto result = (*empty)->Search((*queries_)[0], 5, SearchFilter());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->hits.empty());
  SearchFilter filter;
  filter.min_salary = 1;
  EXPECT_TRUE((*empty)->Search((*queries_)[0], 5, filter)->hits.empty());
}

TEST_F(VectorIndexTest, SearchesRunConcurrentlyWithAddsAndRemoves) {
  std::vector<IndexRow> more = testing::MakeSyntheticRows(Synthetic(1500));
  for (IndexRow& row : more) row.posting_id += 200000;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::atomic<int> searches{0};
  {
    std::vector<std::jthread> readers;
    for (int t = 0; t < 3; ++t) {
      readers.emplace_back([&, t] {
        SearchFilter filter;
        if (t == 1) filter.remote_modes = RemoteModes::Of({RemoteMode::kHybrid});
        if (t == 2) filter.locations = {{"US", "Austin"}};
        for (size_t i = 0; !done.load() || i < 20; ++i) {
          auto result = index_->Search((*queries_)[i % queries_->size()], 10, filter);
          if (!result.ok() || result->hits.empty()) ++bad;
          ++searches;
        }
      });
    }
    std::jthread writer([&] {
      // Start writing once the readers are searching, so the writes overlap the searches even
      // when a busy machine schedules the readers late.
      while (searches.load() < 3) std::this_thread::yield();
      for (size_t i = 0; i < more.size(); i += 50) {
        EXPECT_TRUE(index_->Add(std::span(more).subspan(i, 50), kModel).ok());
        std::vector<int64_t> gone = {static_cast<int64_t>(i / 50 + 1)};
        index_->Remove(gone);
      }
      done = true;
    });
  }
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(index_->Stats().live, 4000u + 1500u - 30u);
}

class SnapshotTest : public VectorIndexTest {
 protected:
  SnapshotTest() : dir_("index-snapshot") {}
  absl::StatusOr<std::unique_ptr<VectorIndex>> Load(const std::string& model = kModel,
                                                    int dim = kDim) {
    return VectorIndex::LoadSnapshot(dir_.path(), model, dim, SmallIndexOptions());
  }
  void FlipByte(const std::string& file, std::streamoff offset) {
    std::fstream f(dir_.File(file), std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(offset);
    const char c = static_cast<char>(f.get());
    f.seekp(offset);
    f.put(static_cast<char>(c ^ 0x5a));
  }
  ScratchDir dir_;
};

TEST_F(SnapshotTest, RoundTripGivesTheSameResults) {
  std::vector<int64_t> removed = {1, 2, 3};
  index_->Remove(removed);
  ASSERT_TRUE(index_->SaveSnapshot(dir_.path()).ok());
  auto loaded = Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->Stats().live, index_->Stats().live);
  EXPECT_EQ((*loaded)->Stats().deleted, 3u);
  SearchFilter filter;
  filter.locations = {{"US", ""}};
  for (const auto& q : *queries_) {
    auto a = index_->Search(q, 10, filter);
    auto b = (*loaded)->Search(q, 10, filter);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->hits.size(), b->hits.size());
    for (size_t i = 0; i < a->hits.size(); ++i) {
      EXPECT_EQ(a->hits[i].posting_id, b->hits[i].posting_id);
    }
  }
  // The loaded index keeps accepting adds.
  IndexRow row = (*rows_)[0];
  row.posting_id = 5555555;
  EXPECT_TRUE((*loaded)->Add({&row, 1}, kModel).ok());
  EXPECT_TRUE((*loaded)->Contains(5555555));
  // Saving over an existing snapshot replaces it.
  ASSERT_TRUE((*loaded)->SaveSnapshot(dir_.path()).ok());
  auto again = Load();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE((*again)->Contains(5555555));
}

TEST_F(SnapshotTest, MissingSnapshotIsNotFound) {
  EXPECT_EQ(Load().status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SnapshotTest, StaleSnapshotIsFailedPrecondition) {
  ASSERT_TRUE(index_->SaveSnapshot(dir_.path()).ok());
  EXPECT_EQ(Load("ft-20270101T000000Z-ffffffffffff").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Load(kModel, kDim * 2).status().code(), absl::StatusCode::kFailedPrecondition);
  IndexOptions other = SmallIndexOptions();
  other.m = 24;
  EXPECT_EQ(VectorIndex::LoadSnapshot(dir_.path(), kModel, kDim, other).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SnapshotTest, CorruptSnapshotsAreDataLossNotCrashes) {
  ASSERT_TRUE(index_->SaveSnapshot(dir_.path()).ok());
  const auto graph_size = std::filesystem::file_size(dir_.File("index.hnsw"));
  const auto meta_size = std::filesystem::file_size(dir_.File("index.meta"));
  const std::string pristine_dir = dir_.File("pristine");
  std::filesystem::create_directories(pristine_dir);
  for (const char* f : {"index.hnsw", "index.meta"}) {
    std::filesystem::copy_file(dir_.File(f), pristine_dir + "/" + f);
  }
  const auto restore = [&] {
    for (const char* f : {"index.hnsw", "index.meta"}) {
      std::filesystem::copy_file(pristine_dir + "/" + f, dir_.File(f),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  };
  struct Damage {
    const char* file;
    std::streamoff offset;
  };
  for (const Damage& d :
       {Damage{"index.hnsw", 0}, Damage{"index.hnsw", 100},
        Damage{"index.hnsw", static_cast<std::streamoff>(graph_size / 2)}, Damage{"index.meta", 0},
        Damage{"index.meta", 12}, Damage{"index.meta", static_cast<std::streamoff>(meta_size / 2)},
        Damage{"index.meta", static_cast<std::streamoff>(meta_size - 1)}}) {
    restore();
    FlipByte(d.file, d.offset);
    EXPECT_EQ(Load().status().code(), absl::StatusCode::kDataLoss) << d.file << " @" << d.offset;
  }
  for (const char* file : {"index.hnsw", "index.meta"}) {
    restore();
    std::filesystem::resize_file(dir_.File(file), std::filesystem::file_size(dir_.File(file)) / 3);
    EXPECT_EQ(Load().status().code(), absl::StatusCode::kDataLoss) << "truncated " << file;
    restore();
    std::ofstream(dir_.File(file), std::ios::trunc) << "garbage";
    EXPECT_EQ(Load().status().code(), absl::StatusCode::kDataLoss) << "garbage " << file;
  }
  restore();
  std::filesystem::remove(dir_.File("index.hnsw"));
  EXPECT_EQ(Load().status().code(), absl::StatusCode::kDataLoss);
  // A graph from another snapshot with a valid meta: the checksum catches the mix-up.
  restore();
  std::vector<int64_t> one = {1};
  index_->Remove(one);
  ASSERT_TRUE(index_->SaveSnapshot(dir_.File("other")).ok());
  std::filesystem::copy_file(dir_.File("other/index.hnsw"), dir_.File("index.hnsw"),
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(Load().status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(VectorIndexTest, HolderSwapsAtomicallyAndRoutesWrites) {
  IndexHolder holder;
  EXPECT_EQ(holder.Current(), nullptr);
  IndexRow row = (*rows_)[0];
  row.posting_id = 123456789;
  EXPECT_EQ(holder.Add({&row, 1}, kModel).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(holder.Remove(std::vector<int64_t>{1}), 0u);

  std::shared_ptr<VectorIndex> first = std::move(index_);
  holder.Swap(first);
  std::shared_ptr<const VectorIndex> reader = holder.Current();
  ASSERT_TRUE(holder.Add({&row, 1}, kModel).ok());
  EXPECT_TRUE(reader->Contains(123456789));

  auto next =
      VectorIndex::Build(std::span(*rows_).subspan(0, 100), "ft-next", kDim, SmallIndexOptions());
  ASSERT_TRUE(next.ok());
  std::shared_ptr<VectorIndex> previous = holder.Swap(std::move(*next));
  EXPECT_EQ(previous, first);
  // The old reader still works on the old index; new readers see the new one.
  EXPECT_TRUE(reader->Search((*queries_)[0], 5, {}).ok());
  EXPECT_EQ(holder.Current()->model_version(), "ft-next");
  EXPECT_EQ(holder.Add({&row, 1}, kModel).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(IndexOptionsTest, ValidationNamesTheKey) {
  IndexOptions o;
  EXPECT_TRUE(ValidateIndexOptions(o).ok());
  o.ef_search = 0;
  EXPECT_EQ(common::FieldOf(ValidateIndexOptions(o)), "index.ef_search");
  o = IndexOptions();
  o.exact_scan_check_cost = -1;
  EXPECT_EQ(common::FieldOf(ValidateIndexOptions(o)), "index.exact_scan_check_cost");
}

TEST(IndexOptionsTest, ConfigKeysRoundTripTheDefaults) {
  auto config = common::Config::Load(IndexConfigKeys(), std::nullopt, {"JOBREC_INDEX_M=24"});
  ASSERT_TRUE(config.ok()) << config.status();
  auto options = IndexOptionsFromConfig(*config);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->m, 24u);
  EXPECT_EQ(options->ef_search, IndexOptions().ef_search);
  EXPECT_FALSE(common::Config::Load(IndexConfigKeys(), std::nullopt, {"JOBREC_INDEX_M=1"}).ok());
}

}  // namespace
}  // namespace jobrec::index
