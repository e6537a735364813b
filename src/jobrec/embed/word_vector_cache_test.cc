#include "jobrec/embed/word_vector_cache.h"

#include <gtest/gtest.h>

namespace jobrec::embed {
namespace {

TEST(WordVectorCacheTest, StoresAndReturnsVectors) {
  WordVectorCache cache(10, 3, /*shards=*/1);
  const float v[3] = {1, 2, 3};
  float out[3] = {};
  EXPECT_FALSE(cache.Lookup("a", out));
  cache.Insert("a", v);
  ASSERT_TRUE(cache.Lookup("a", out));
  EXPECT_EQ(out[2], 3);
  const WordVectorCacheStats stats = cache.Stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.size, 1u);
}

TEST(WordVectorCacheTest, EvictsLeastRecentlyUsed) {
  WordVectorCache cache(2, 1, /*shards=*/1);
  const float v[1] = {1};
  float out[1];
  cache.Insert("a", v);
  cache.Insert("b", v);
  ASSERT_TRUE(cache.Lookup("a", out));  // "b" is now the least recently used
  cache.Insert("c", v);
  EXPECT_TRUE(cache.Lookup("a", out));
  EXPECT_FALSE(cache.Lookup("b", out));
  EXPECT_TRUE(cache.Lookup("c", out));
  EXPECT_EQ(cache.Stats().evictions, 1u);
  EXPECT_EQ(cache.Stats().size, 2u);
}

TEST(WordVectorCacheTest, SecondInsertOfAWordKeepsTheFirst) {
  WordVectorCache cache(4, 1, 1);
  const float first[1] = {1}, second[1] = {2};
  float out[1];
  cache.Insert("a", first);
  cache.Insert("a", second);
  ASSERT_TRUE(cache.Lookup("a", out));
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(cache.Stats().size, 1u);
}

TEST(WordVectorCacheTest, ZeroCapacityCachesNothing) {
  WordVectorCache cache(0, 1);
  const float v[1] = {1};
  float out[1];
  cache.Insert("a", v);
  EXPECT_FALSE(cache.Lookup("a", out));
  EXPECT_EQ(cache.Stats().size, 0u);
}

}  // namespace
}  // namespace jobrec::embed
