// Store-internal: the bounded set of libpqxx connections behind a Database. Only store/*.cc
// include this header (it exposes <pqxx/pqxx>).
//
// Connections are opened lazily up to the capacity and kept idle between uses; one that broke
// (the caller says so, or libpq reports it closed) is dropped on return and reopened on demand.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include <pqxx/pqxx>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

class ConnectionPool {
 public:
  explicit ConnectionPool(DatabaseOptions options);
  ~ConnectionPool();

  // A checked-out connection, returned to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& connection() { return *connection_; }
    // Close and drop the connection instead of reusing it.
    void MarkBroken() { broken_ = true; }
    // Drops the connection and opens a fresh one in its place (still checked out).
    absl::Status Reconnect();

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
    bool broken_ = false;
  };

  // DeadlineExceeded when no connection frees up within the checkout timeout; Unavailable
  // when a new connection cannot be opened.
  absl::StatusOr<Lease> Acquire();
  // A connection outside the pool (LISTEN, session advisory locks held for long). Unavailable
  // on failure.
  absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectDedicated() const;
  PoolStats Stats() const;

 private:
  void Return(std::unique_ptr<pqxx::connection> connection, bool broken);

  const DatabaseOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;  // idle + checked out + being opened
  PoolStats counters_;
};

// Turns an exception thrown by libpqxx (or the standard library under it) into a Status whose
// message starts with `context`: Unavailable for a broken connection, AlreadyExists for a
// unique violation, FailedPrecondition for other constraint violations and writes in a
// read-only transaction, Aborted for
// serialization failures and deadlocks, InvalidArgument for data errors, Internal otherwise.
// The PostgreSQL message is kept; the connection string never appears.
absl::Status StatusFromException(const std::exception& error, const std::string& context);

}  // namespace jobrec::store
