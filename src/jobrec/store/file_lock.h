// Store-internal: an advisory lock (flock) on a file, held until destroyed. Coordinates the
// jobrec processes that share one embedded cluster. The descriptor is close-on-exec, so a
// postmaster started meanwhile does not inherit (and keep) the lock. Not thread-safe.
#pragma once

#include <string>

#include "jobrec/common/status.h"

namespace jobrec::store {

class FileLock {
 public:
  enum class Mode { kShared, kExclusive };

  // Opens (creating with mode 0600) and locks `path`, waiting for conflicting holders.
  // Internal with the path and errno text when the file cannot be opened or locked.
  static absl::StatusOr<FileLock> Acquire(const std::string& path, Mode mode);

  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  ~FileLock();

  // Turns a shared lock into an exclusive one without waiting: false when another process
  // holds the file too (the shared lock may then be gone: call this only on the way out).
  bool TryUpgradeToExclusive();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace jobrec::store
