#include "jobrec/rank/keyword_scores.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

// What the ranker computed before KeywordScorer: a Bm25Index over the set, each score divided
// by the best.
std::unordered_map<int64_t, double> Reference(const std::string& query, const std::vector<Bm25Document>& set) {
  const Bm25Index index(set);
  std::unordered_map<int64_t, double> out;
  double best = 0;
  for (const auto& doc : set) {
    out[doc.id] = index.Score(query, doc.id);
    best = std::max(best, out[doc.id]);
  }
  if (best <= 0) return {};
  for (auto& [id, score] : out) score /= best;
  return out;
}

std::vector<Bm25Document> Subset(const std::vector<Bm25Document>& all, const std::vector<int64_t>& ids) {
  std::vector<Bm25Document> out;
  for (const int64_t id : ids) {
    for (const auto& doc : all) {
      if (doc.id == id) out.push_back(doc);
    }
  }
  return out;
}

TEST(KeywordScorerTest, EqualsBm25OverEverySubsetToTheLastBit) {
  const std::vector<std::string> words = {"kubernetes", "terraform", "cloud",  "platform", "engineer", "pastry",
                                          "chef",       "bakery",    "nurse",  "ward",     "python",   "sql",
                                          "data",       "pipelines", "Cloud!", "the",      "and",      "team"};
  std::mt19937 random(7);
  std::vector<Bm25Document> all;
  for (int64_t id = 1; id <= 60; ++id) {
    std::string title, description;
    for (int i = 0; i < 1 + static_cast<int>(random() % 4); ++i) title += words[random() % words.size()] + " ";
    for (int i = 0; i < static_cast<int>(random() % 80); ++i) description += words[random() % words.size()] + " ";
    all.push_back({id, title, description});
  }
  const std::string query = "Kubernetes Platform Engineer kubernetes terraform Cloud data unknownword";
  const KeywordScorer scorer(query, all);
  for (int round = 0; round < 50; ++round) {
    std::vector<int64_t> ids;
    for (const auto& doc : all) ids.push_back(doc.id);
    std::shuffle(ids.begin(), ids.end(), random);
    ids.resize(1 + random() % ids.size());
    const auto expected = Reference(query, Subset(all, ids));
    const auto actual = scorer.Scores(ids);
    ASSERT_EQ(actual.size(), expected.size()) << "round " << round;
    for (const auto& [id, score] : expected) {
      ASSERT_TRUE(actual.contains(id));
      EXPECT_EQ(actual.at(id), score) << "round " << round << " id " << id;  // bit-identical
    }
  }
}

TEST(KeywordScorerTest, UnknownIdsAreLeftOutAndNoMatchIsEmpty) {
  const std::vector<Bm25Document> all = {{1, "Pastry Chef", "croissants"}, {2, "Nurse", "ward care"}};
  const KeywordScorer scorer("pastry", all);
  const auto scores = scorer.Scores({2, 1, 99});
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_DOUBLE_EQ(scores.at(1), 1.0);
  EXPECT_DOUBLE_EQ(scores.at(2), 0.0);
  EXPECT_TRUE(scorer.Scores({2}).empty()) << "no document of the set matches";
  EXPECT_TRUE(scorer.Scores({}).empty());
  EXPECT_TRUE(KeywordScorer("", all).Scores({1, 2}).empty()) << "an empty query";
}

}  // namespace
}  // namespace jobrec::rank
