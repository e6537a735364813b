#include "jobrec/store/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace jobrec::store {

absl::StatusOr<FileLock> FileLock::Acquire(const std::string& path, Mode mode) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open lock file ", path, ": ", std::strerror(errno)));
  }
  int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    int error = errno;
    close(fd);
    return absl::InternalError(absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
  }
  return FileLock(fd);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

bool FileLock::TryUpgradeToExclusive() {
  return fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0;
}

}  // namespace jobrec::store
