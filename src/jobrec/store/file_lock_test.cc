#include "jobrec/store/file_lock.h"

#include <gtest/gtest.h>

namespace jobrec::store {
namespace {

std::string LockPath() { return ::testing::TempDir() + "/file_lock_test.lock"; }

TEST(FileLockTest, SharedHoldersBlockAnUpgradeUntilAlone) {
  auto first = FileLock::Acquire(LockPath(), FileLock::Mode::kShared);
  ASSERT_TRUE(first.ok()) << first.status();
  {
    auto second = FileLock::Acquire(LockPath(), FileLock::Mode::kShared);  // does not wait
    ASSERT_TRUE(second.ok()) << second.status();
    EXPECT_FALSE(first->TryUpgradeToExclusive());
  }
  // The second holder is gone (its descriptor closed with it). A moved lock stays held.
  {
    auto again = FileLock::Acquire(LockPath(), FileLock::Mode::kShared);
    ASSERT_TRUE(again.ok());
    FileLock moved = std::move(*again);
    EXPECT_FALSE(first->TryUpgradeToExclusive());
  }
  EXPECT_TRUE(first->TryUpgradeToExclusive());
}

TEST(FileLockTest, UnopenablePathIsAnError) {
  auto lock = FileLock::Acquire("/nonexistent-dir/x.lock", FileLock::Mode::kExclusive);
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.status().message().find("/nonexistent-dir/x.lock"), std::string::npos) << lock.status();
}

}  // namespace
}  // namespace jobrec::store
