#include "jobrec/store/subprocess.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jobrec::store {
namespace {

// execvp may allocate, which is unsafe between fork and exec in a threaded program.
std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = absl::StrCat(end > start ? dirs.substr(start, end - start) : ".", "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return name;
}

}  // namespace

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         const std::string& cwd) {
  if (argv.empty()) return absl::InvalidArgumentError("RunProcess: empty argv");
  // Everything the child needs is prepared before fork: after fork only async-signal-safe
  // calls are allowed (other threads may hold malloc's locks).
  const std::string program = FindProgram(argv[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(error)));
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(pipe_fds[1], 1) < 0 ||
        dup2(pipe_fds[1], 2) < 0 || chdir(cwd.c_str()) != 0) {
      _exit(127);
    }
    // The parent's lock files and database sockets must not live on in a postmaster.
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execv(program.c_str(), args.data());
    static const char kMessage[] = "exec failed\n";
    ssize_t ignored = write(1, kMessage, sizeof(kMessage) - 1);
    (void)ignored;
    _exit(127);
  }
  close(pipe_fds[1]);
  ProcessResult result;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(pipe_fds[0], buffer, sizeof(buffer));
    if (n > 0) {
      result.output.append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return absl::InternalError(absl::StrCat("waitpid: ", std::strerror(errno)));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (result.exit_code == 127 && result.output == "exec failed\n") {
    return absl::NotFoundError(absl::StrCat("cannot run ", argv[0]));
  }
  return result;
}

absl::Status RunChecked(const std::string& what, const std::vector<std::string>& argv,
                        const std::string& cwd) {
  JOBREC_ASSIGN_OR_RETURN(ProcessResult result, RunProcess(argv, cwd));
  if (result.exit_code != 0) {
    while (!result.output.empty() && result.output.back() == '\n') result.output.pop_back();
    return absl::InternalError(absl::StrCat(what, " failed (exit ", result.exit_code, ", `",
                                            absl::StrJoin(argv, " "), "`): ", result.output));
  }
  return absl::OkStatus();
}

}  // namespace jobrec::store
