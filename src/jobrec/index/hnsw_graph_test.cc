#include "jobrec/index/hnsw_graph.h"

#include <cmath>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "jobrec/embed/testing/scratch_dir.h"

namespace jobrec::index {
namespace {

constexpr int kDim = 8;

std::vector<float> UnitVector(std::mt19937& rng) {
  std::normal_distribution<float> normal(0, 1);
  std::vector<float> v(kDim);
  double sum = 0;
  for (float& x : v) {
    x = normal(rng);
    sum += x * x;
  }
  for (float& x : v) x /= static_cast<float>(std::sqrt(sum));
  return v;
}

std::unique_ptr<HnswGraph> MakeGraph(size_t n, size_t capacity) {
  auto graph = HnswGraph::Create({.dim = kDim, .m = 8, .ef_construction = 50}, capacity);
  EXPECT_TRUE(graph.ok()) << graph.status();
  std::mt19937 rng(3);
  for (size_t i = 0; i < n; ++i) EXPECT_TRUE((*graph)->Add(1000 + i, UnitVector(rng).data()).ok());
  return std::move(graph).value();
}

TEST(HnswGraphTest, FindsAnInsertedVectorFirst) {
  auto graph = MakeGraph(500, 500);
  std::mt19937 rng(3);
  const std::vector<float> first = UnitVector(rng);
  const auto found = graph->Search(first.data(), 3, 32, SIZE_MAX, nullptr);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(graph->LabelOf(found[0].slot), 1000u);
  EXPECT_NEAR(found[0].score, 1.0f, 1e-5f);
  EXPECT_EQ(graph->SlotOf(1000), found[0].slot);
  EXPECT_FALSE(graph->SlotOf(1).has_value());
}

TEST(HnswGraphTest, VisitBudgetStopsAHopelessFilteredSearch) {
  auto graph = MakeGraph(500, 500);
  std::mt19937 rng(9);
  const std::vector<float> q = UnitVector(rng);
  GraphSearchStats stats;
  const auto found = graph->Search(
      q.data(), 5, 32, [](uint32_t) { return false; }, 100, &stats);
  EXPECT_TRUE(found.empty());
  EXPECT_TRUE(stats.budget_exhausted);
  EXPECT_LE(stats.visited, 100u + 16u);  // the budget is checked after each expanded node
  // Without a budget the same search walks the whole graph (plus the upper layers on the way
  // down) and finds nothing either.
  graph->Search(
      q.data(), 5, 32, [](uint32_t) { return false; }, SIZE_MAX, &stats);
  EXPECT_FALSE(stats.budget_exhausted);
  EXPECT_GE(stats.visited, 500u);
}

TEST(HnswGraphTest, DeletionsAndCapacity) {
  auto graph = MakeGraph(10, 10);
  EXPECT_TRUE(graph->MarkDeleted(1003));
  EXPECT_FALSE(graph->MarkDeleted(1003));  // already deleted
  EXPECT_FALSE(graph->MarkDeleted(42));    // unknown
  EXPECT_EQ(graph->deleted(), 1u);
  std::mt19937 rng(5);
  EXPECT_EQ(graph->Add(77, UnitVector(rng).data()).status().code(),
            absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(graph->Reserve(20).ok());
  EXPECT_TRUE(graph->Add(77, UnitVector(rng).data()).ok());
  EXPECT_EQ(graph->slots(), 11u);
  // Re-adding a deleted label revives it in its old slot.
  const uint32_t slot = *graph->SlotOf(1003);
  ASSERT_TRUE(graph->Add(1003, UnitVector(rng).data()).ok());
  EXPECT_EQ(*graph->SlotOf(1003), slot);
  EXPECT_FALSE(graph->IsDeleted(slot));
}

TEST(HnswGraphTest, ScoreSlotsSkipsDeletedOnes) {
  auto graph = MakeGraph(50, 50);
  std::mt19937 rng(3);
  const std::vector<float> first = UnitVector(rng);
  const std::vector<uint32_t> slots = {*graph->SlotOf(1000), *graph->SlotOf(1001)};
  EXPECT_EQ(graph->ScoreSlots(first.data(), slots, 5).size(), 2u);
  graph->MarkDeleted(1000);
  const auto scored = graph->ScoreSlots(first.data(), slots, 5);
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_EQ(graph->LabelOf(scored[0].slot), 1001u);
}

TEST(HnswGraphTest, BadFilesAreErrorsNotCrashes) {
  embed::testing::ScratchDir dir("hnsw-graph");
  EXPECT_EQ(HnswGraph::Load(dir.File("missing.hnsw"), kDim, 10).status().code(),
            absl::StatusCode::kNotFound);
  for (const std::string& content :
       {std::string(), std::string("short"), std::string(100, '\0'), std::string(5000, '\x07')}) {
    std::ofstream(dir.File("bad.hnsw"), std::ios::binary) << content;
    EXPECT_EQ(HnswGraph::Load(dir.File("bad.hnsw"), kDim, 10).status().code(),
              absl::StatusCode::kDataLoss)
        << content.size();
  }
  // A valid graph of another dimension.
  auto graph = MakeGraph(20, 20);
  ASSERT_TRUE(graph->Save(dir.File("good.hnsw")).ok());
  EXPECT_EQ(HnswGraph::Load(dir.File("good.hnsw"), kDim * 2, 10).status().code(),
            absl::StatusCode::kDataLoss);
  auto loaded = HnswGraph::Load(dir.File("good.hnsw"), kDim, 10);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->slots(), 20u);
  EXPECT_EQ((*loaded)->deleted(), 0u);
  EXPECT_EQ(graph->Save(dir.File("no-such-dir/graph.hnsw")).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace jobrec::index
