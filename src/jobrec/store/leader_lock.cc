#include "jobrec/store/leader_lock.h"

#include <pqxx/pqxx>

#include "jobrec/store/connection_pool.h"

namespace jobrec::store {

struct LeaderLock::Session {
  std::unique_ptr<pqxx::connection> connection;
};

LeaderLock::LeaderLock(Database& db, int64_t key) : db_(db), key_(key) {}

LeaderLock::~LeaderLock() { Release(); }

absl::StatusOr<bool> LeaderLock::TryHold() {
  if (session_ == nullptr) {
    held_ = false;
    JOBREC_ASSIGN_OR_RETURN(auto connection, db_.pool().ConnectDedicated());
    session_ = std::make_unique<Session>(Session{std::move(connection)});
  }
  try {
    pqxx::nontransaction tx(*session_->connection);
    if (held_) {
      tx.exec("SELECT 1");
    } else {
      held_ = tx.exec_params("SELECT pg_try_advisory_lock($1)", key_)[0][0].as<bool>();
    }
    return held_;
  } catch (const std::exception& e) {
    // Whatever broke, the session is gone or unusable: start over with a new one next time.
    held_ = false;
    session_.reset();
    return StatusFromException(e, "leader_lock.TryHold");
  }
}

void LeaderLock::Release() {
  if (session_ != nullptr && held_) {
    try {
      pqxx::nontransaction tx(*session_->connection);
      tx.exec_params("SELECT pg_advisory_unlock($1)", key_);
    } catch (const std::exception&) {
      // Closing the connection below frees the lock as well.
    }
  }
  held_ = false;
  session_.reset();
}

}  // namespace jobrec::store
