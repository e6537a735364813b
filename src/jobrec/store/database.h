// A PostgreSQL database reached through a bounded pool of connections. This is the handle
// every repository in store/ works through; code outside store/ only passes it around, asks
// Ping() for /readyz and Stats() for /metrics. Repositories run their SQL with
// RunTransaction() from store/sql_transaction.h (store-internal: it exposes libpqxx).
//
// Thread-safe: any number of threads may use one Database; each transaction gets a connection
// of its own, waiting up to the checkout timeout when all are busy.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "jobrec/common/status.h"

namespace jobrec::store {

struct DatabaseOptions {
  std::string url;  // libpq connection string (URI or key=value); may hold a password
  int pool_size = 8;
  std::chrono::milliseconds checkout_timeout{5000};
  std::string application_name = "jobrec";  // shown in pg_stat_activity
};

struct PoolStats {
  int capacity = 0;
  int in_use = 0;  // checked out right now
  int idle = 0;    // open and waiting in the pool
  uint64_t checkouts = 0;
  uint64_t waits = 0;     // checkouts that found no free connection and had to wait
  uint64_t timeouts = 0;  // waits that gave up after the checkout timeout
  uint64_t replaced = 0;  // connections dropped because they broke
};

class ConnectionPool;

class Database {
 public:
  // Opens one connection to check the URL and the server. InvalidArgument for a URL that
  // does not parse or bad pool settings, Unavailable when the server cannot be reached (the message
  // never repeats the URL, which may carry a password).
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs "SELECT 1" on a pooled connection. Unavailable or DeadlineExceeded on failure.
  absl::Status Ping();
  PoolStats Stats() const;

  // For store-internal code (sql_transaction.h, listeners); not for other modules.
  ConnectionPool& pool() { return *pool_; }

 private:
  explicit Database(std::unique_ptr<ConnectionPool> pool);
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace jobrec::store
