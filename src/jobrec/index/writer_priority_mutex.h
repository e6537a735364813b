// A shared mutex that does not starve writers. glibc's rwlock (behind std::shared_mutex)
// prefers readers, so a steady stream of overlapping searches could keep an add waiting
// forever. Here a writer first takes a gate that every new reader must pass, so it waits only
// for the readers already inside. Works with std::unique_lock and std::shared_lock.
//
// Thread-safety: it is a mutex.
#pragma once

#include <mutex>
#include <shared_mutex>

namespace jobrec::index {

class WriterPriorityMutex {
 public:
  void lock() {
    gate_.lock();
    rw_.lock();
  }
  void unlock() {
    rw_.unlock();
    gate_.unlock();
  }
  void lock_shared() {
    std::lock_guard gate(gate_);
    rw_.lock_shared();
  }
  void unlock_shared() { rw_.unlock_shared(); }

 private:
  std::mutex gate_;
  std::shared_mutex rw_;
};

}  // namespace jobrec::index
