#include "jobrec/ingest/sync_cursor.h"

#include <gtest/gtest.h>

#include "jobrec/ingest/testing/sync_driver.h"

namespace jobrec::ingest {
namespace {

using ::jobrec::ingest::testing::At;

TEST(SyncCursorTest, NullIsAFirstFullSync) {
  auto cursor = SyncCursor::Parse(nullptr);
  ASSERT_TRUE(cursor.ok());
  EXPECT_FALSE(cursor->next);
  EXPECT_FALSE(cursor->since);
  SyncCursor started = cursor->Resume(1, At("2024-05-03T00:00:00Z"));
  EXPECT_EQ(started.next, 1);
  EXPECT_FALSE(started.DaysBack());
  EXPECT_EQ(started.After(false, 2),
            nlohmann::json({{"next", 2}, {"mark", "2024-05-03T00:00:00Z"}}));
  EXPECT_EQ(started.After(true, 2), nlohmann::json({{"since", "2024-05-03T00:00:00Z"}}));
}

TEST(SyncCursorTest, RoundTripsAndResumesInProgress) {
  const nlohmann::json saved = {
      {"next", 3}, {"since", "2024-05-01T00:00:00Z"}, {"mark", "2024-05-03T12:00:00Z"}};
  auto cursor = SyncCursor::Parse(saved);
  ASSERT_TRUE(cursor.ok());
  SyncCursor resumed = cursor->Resume(1, At("2030-01-01T00:00:00Z"));
  EXPECT_EQ(resumed.next, 3) << "a sync in progress is not restarted";
  EXPECT_EQ(resumed.After(false, 3), saved);
  EXPECT_EQ(resumed.DaysBack(), 4);  // 2.5 days -> 3, plus one
}

TEST(SyncCursorTest, WatermarkOnlyRises) {
  auto cursor = SyncCursor::Parse({{"since", "2024-05-01T00:00:00Z"}});
  ASSERT_TRUE(cursor.ok());
  SyncCursor c = cursor->Resume(0, cursor->since);
  EXPECT_TRUE(c.IsOld(At("2024-04-30T00:00:00Z")));
  EXPECT_TRUE(c.IsOld(At("2024-05-01T00:00:00Z"))) << "equal to since was delivered already";
  EXPECT_FALSE(c.IsOld(At("2024-05-02T00:00:00Z")));
  EXPECT_FALSE(c.IsOld(At("2024-05-01T12:00:00Z")));
  EXPECT_FALSE(c.IsOld(std::nullopt));
  EXPECT_EQ(c.After(true, 0), nlohmann::json({{"since", "2024-05-02T00:00:00Z"}}));
}

TEST(SyncCursorTest, RejectsForeignShapes) {
  EXPECT_EQ(common::FieldOf(SyncCursor::Parse("page 2").status()), "cursor");
  EXPECT_EQ(common::FieldOf(SyncCursor::Parse({{"next", -1}}).status()), "cursor.next");
  EXPECT_EQ(common::FieldOf(SyncCursor::Parse({{"next", 1.5}}).status()), "cursor.next");
  EXPECT_EQ(common::FieldOf(SyncCursor::Parse({{"since", 17}}).status()), "cursor.since");
  EXPECT_EQ(common::FieldOf(SyncCursor::Parse({{"mark", "2024-13-01"}}).status()), "cursor.mark");
}

}  // namespace
}  // namespace jobrec::ingest
