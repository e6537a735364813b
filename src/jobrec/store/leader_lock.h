// Leader election among jobrec replicas: a PostgreSQL session-level advisory lock held on a
// connection of its own (outside the pool). Whoever holds it is the leader; when the holder's
// process dies or its connection breaks, the server ends the session and frees the lock, and
// the next TryHold() of another replica takes it.
//
//   store::LeaderLock lock(db, store::kAutoscalerLockKey);
//   every tick: if (lock.TryHold().value_or(false)) { ...act as the leader... }
//   on shutdown: lock.Release();
//
// Thread-compatible: one owner thread calls it (the autoscaler's).
#pragma once

#include <cstdint>
#include <memory>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

// pg_advisory_lock key of the autoscaler: "jobrec" in ASCII, then the lock's number (1).
inline constexpr int64_t kAutoscalerLockKey = 0x6a6f6272656301;

class LeaderLock {
 public:
  LeaderLock(Database& db, int64_t key);
  ~LeaderLock();  // Release()
  LeaderLock(const LeaderLock&) = delete;
  LeaderLock& operator=(const LeaderLock&) = delete;

  // While not holding: connects (if needed) and tries the lock without waiting. While
  // holding: checks that the session still lives (a round trip), because a broken connection
  // means the server has freed the lock. Returns whether this object holds the lock now;
  // Unavailable when the database cannot be reached (the lock is then not held).
  absl::StatusOr<bool> TryHold();

  // Unlocks and closes the connection. Idempotent; never fails (a broken connection frees the
  // lock anyway).
  void Release();

  bool held() const { return held_; }

 private:
  struct Session;  // the dedicated connection (keeps <pqxx/pqxx> out of this header)

  Database& db_;
  const int64_t key_;
  std::unique_ptr<Session> session_;
  bool held_ = false;
};

}  // namespace jobrec::store
