#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace jobrec::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  char path_template[] = "/tmp/jobrec-child-XXXXXX";
  int fd = mkstemp(path_template);
  output_path_ = path_template;
  std::vector<std::string> environment = env;
  for (const char* name : {"PATH", "HOME"}) {
    if (const char* value = std::getenv(name)) environment.push_back(std::string(name) + "=" + value);
  }
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Dies with the test, even when the test aborts before its destructors run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(127);
    syscall(SYS_close_range, 3U, ~0U, 0U);  // the test's own sockets and files stay with it
    execve(args[0], args.data(), envp.data());
    static const char kMessage[] = "exec failed\n";
    ssize_t ignored = write(2, kMessage, sizeof(kMessage) - 1);
    (void)ignored;
    _exit(127);
  }
  close(fd);
  if (pid_ < 0) {
    ADD_FAILURE() << "cannot fork for " << argv[0] << ": " << strerror(errno);
    pid_ = -1;
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_) {
    kill(pid_, SIGKILL);
    Wait(std::chrono::seconds(10));
  }
  unlink(output_path_.c_str());
}

void ChildProcess::Signal(int signal_number) const {
  if (pid_ > 0 && !exit_code_) kill(pid_, signal_number);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_code_ || pid_ <= 0) return exit_code_;
  WaitUntil(
      [&] {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return true;
      },
      timeout);
  return exit_code_;
}

std::string ChildProcess::Output() const {
  std::ifstream in(output_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool ChildProcess::WaitForOutput(const std::string& text, std::chrono::milliseconds timeout) {
  return WaitUntil([&] { return Output().find(text) != std::string::npos || Wait(std::chrono::milliseconds(0)); },
                   timeout) &&
         Output().find(text) != std::string::npos;
}

std::string JobrecBinary() {
  const char* binary = std::getenv("JOBREC_TEST_BINARY");
  return binary != nullptr ? binary : "jobrec";
}

RunResult RunJobrec(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv = {JobrecBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess child(argv, env);
  RunResult result;
  auto code = child.Wait(std::chrono::seconds(60));
  if (!code) ADD_FAILURE() << "jobrec did not finish within 60 s";
  result.exit_code = code.value_or(-1);
  result.output = child.Output();
  return result;
}

}  // namespace jobrec::testing
