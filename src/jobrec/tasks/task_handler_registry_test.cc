#include "jobrec/tasks/task_handler_registry.h"

#include <gtest/gtest.h>

namespace jobrec::tasks {
namespace {

absl::Status Ok(const TaskContext&, const nlohmann::json&) { return absl::OkStatus(); }

TEST(TaskHandlerRegistryTest, FindsRegisteredHandlers) {
  TaskHandlerRegistry registry;
  ASSERT_TRUE(registry.Register("b.kind", Ok).ok());
  ASSERT_TRUE(registry.Register("a.kind", Ok).ok());
  ASSERT_NE(registry.Find("a.kind"), nullptr);
  EXPECT_TRUE((*registry.Find("a.kind"))(TaskContext(1, "a.kind", 1, 1), {}).ok());
  EXPECT_EQ(registry.Find("c.kind"), nullptr);
  EXPECT_EQ(registry.Kinds(), (std::vector<std::string>{"a.kind", "b.kind"}));
}

TEST(TaskHandlerRegistryTest, RejectsDuplicatesAndEmptyInput) {
  TaskHandlerRegistry registry;
  ASSERT_TRUE(registry.Register("k", Ok).ok());
  EXPECT_EQ(registry.Register("k", Ok).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.Register("", Ok).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.Register("x", TaskHandler()).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobrec::tasks
