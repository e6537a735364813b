#include "jobrec/rank/ideal_postings_cache.h"

#include <thread>

#include <gtest/gtest.h>

namespace jobrec::rank {
namespace {

using Vectors = IdealPostingsCache::Vectors;

std::shared_ptr<const Vectors> Made(float x) { return std::make_shared<const Vectors>(Vectors{{x, 0, 0}}); }

TEST(IdealPostingsCacheTest, HitsOnlyForTheSameUserVersionsAndTexts) {
  IdealPostingsCache cache("m1", 8);
  EXPECT_EQ(cache.Find(1, 1, "m1", {"a"}), nullptr) << "empty";
  const auto stored = Made(1);
  cache.Put(1, 1, "m1", {"a"}, stored);
  EXPECT_EQ(cache.Find(1, 1, "m1", {"a"}), stored);
  EXPECT_EQ(cache.Find(2, 1, "m1", {"a"}), nullptr) << "another user";
  EXPECT_EQ(cache.Find(1, 2, "m1", {"a"}), nullptr) << "a newer profile version";
  EXPECT_EQ(cache.Find(1, 1, "m2", {"a"}), nullptr) << "another model version";
  EXPECT_EQ(cache.Find(1, 1, "m1", {"b"}), nullptr) << "other texts";
  EXPECT_EQ(cache.Find(1, 1, "m1", {"a", "b"}), nullptr) << "more texts";
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 6u);
}

TEST(IdealPostingsCacheTest, ANewProfileVersionReplacesTheUsersEntry) {
  IdealPostingsCache cache("m1", 8);
  cache.Put(1, 1, "m1", {"a"}, Made(1));
  const auto newer = Made(2);
  cache.Put(1, 2, "m1", {"b"}, newer);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Find(1, 1, "m1", {"a"}), nullptr) << "the stale version is gone";
  EXPECT_EQ(cache.Find(1, 2, "m1", {"b"}), newer);
}

TEST(IdealPostingsCacheTest, VectorsOfAnotherModelAreNotStored) {
  IdealPostingsCache cache("m1", 8);
  cache.Put(1, 1, "m2", {"a"}, Made(1));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find(1, 1, "m2", {"a"}), nullptr);
}

TEST(IdealPostingsCacheTest, TheLeastRecentlyUsedUserLeavesFirst) {
  IdealPostingsCache cache("m", 2);
  cache.Put(1, 1, "m", {"a"}, Made(1));
  cache.Put(2, 1, "m", {"a"}, Made(2));
  ASSERT_NE(cache.Find(1, 1, "m", {"a"}), nullptr);  // user 1 used after user 2
  cache.Put(3, 1, "m", {"a"}, Made(3));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find(1, 1, "m", {"a"}), nullptr);
  EXPECT_EQ(cache.Find(2, 1, "m", {"a"}), nullptr) << "the least recently used left";
  EXPECT_NE(cache.Find(3, 1, "m", {"a"}), nullptr);
}

TEST(IdealPostingsCacheTest, CapacityZeroKeepsNothing) {
  IdealPostingsCache cache("m", 0);
  cache.Put(1, 1, "m", {"a"}, Made(1));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find(1, 1, "m", {"a"}), nullptr);
}

TEST(IdealPostingsCacheTest, ConcurrentUseStaysWithinCapacity) {
  IdealPostingsCache cache("m", 16);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&cache, t] {
        for (int i = 0; i < 2000; ++i) {
          const int64_t user = (i * 7 + t) % 40;
          if (!cache.Find(user, 1, "m", {"a"})) cache.Put(user, 1, "m", {"a"}, Made(static_cast<float>(user)));
        }
      });
    }
  }
  EXPECT_LE(cache.size(), 16u);
  EXPECT_EQ(cache.hits() + cache.misses(), 8000u);
  for (int64_t user = 0; user < 40; ++user) {
    if (const auto found = cache.Find(user, 1, "m", {"a"})) {
      EXPECT_EQ((*found)[0][0], static_cast<float>(user));
    }
  }
}

}  // namespace
}  // namespace jobrec::rank
