#include "jobrec/store/subprocess.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace jobrec::store {
namespace {

TEST(SubprocessTest, CollectsOutputAndExitCode) {
  auto result = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"}, "/");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_NE(result->output.find("out"), std::string::npos);
  EXPECT_NE(result->output.find("err"), std::string::npos);
}

TEST(SubprocessTest, RunsInTheGivenDirectory) {
  auto result = RunProcess({"pwd"}, "/tmp");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "/tmp\n");
}

TEST(SubprocessTest, ReportsSignals) {
  auto result = RunProcess({"sh", "-c", "kill -9 $$"}, "/");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 128 + 9);
}

TEST(SubprocessTest, MissingProgramIsNotFound) {
  auto result = RunProcess({"/nonexistent/program"}, "/");
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
}

TEST(SubprocessTest, DoesNotLeakDescriptors) {
  int fd = open("/dev/null", O_RDONLY);  // deliberately not close-on-exec
  ASSERT_GE(fd, 3);
  auto result = RunProcess({"sh", "-c", "test -e /proc/$$/fd/" + std::to_string(fd) + " && echo leaked; true"}, "/");
  close(fd);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "");
}

TEST(SubprocessTest, RunCheckedNamesTheFailure) {
  auto status = RunChecked("the thing", {"sh", "-c", "echo broken >&2; exit 1"}, "/");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("the thing failed (exit 1"), std::string::npos) << status;
  EXPECT_NE(status.message().find("broken"), std::string::npos) << status;
  EXPECT_TRUE(RunChecked("true", {"true"}, "/").ok());
}

}  // namespace
}  // namespace jobrec::store
