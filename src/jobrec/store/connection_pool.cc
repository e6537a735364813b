#include "jobrec/store/connection_pool.h"

#include "absl/strings/str_cat.h"

namespace jobrec::store {
namespace {

// SQLSTATE classes and codes (PostgreSQL appendix A) that map to a specific status code.
bool StartsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

absl::Status FromSqlState(const std::string& sqlstate, const std::string& message) {
  if (sqlstate == "23505") return absl::AlreadyExistsError(message);
  if (StartsWith(sqlstate, "23")) return absl::FailedPreconditionError(message);
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::AbortedError(message);
  if (StartsWith(sqlstate, "22")) return absl::InvalidArgumentError(message);
  if (StartsWith(sqlstate, "25")) return absl::FailedPreconditionError(message);  // e.g. read-only
  if (sqlstate == "57014") return absl::DeadlineExceededError(message);  // statement timeout
  if (StartsWith(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

absl::Status StatusFromException(const std::exception& error, const std::string& context) {
  std::string message = absl::StrCat(context, ": ", Trimmed(error.what()));
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError(message);
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    return FromSqlState(sql->sqlstate(), message);
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat(message, " (the commit may or may not have happened)"));
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    return absl::AbortedError(message);
  }
  return absl::InternalError(message);
}

ConnectionPool::ConnectionPool(DatabaseOptions options) : options_(std::move(options)) {
  counters_.capacity = options_.pool_size;
}

ConnectionPool::~ConnectionPool() = default;

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::ConnectDedicated() const {
  try {
    auto connection = std::make_unique<pqxx::connection>(options_.url);
    pqxx::nontransaction tx(*connection);
    tx.exec_params("SELECT set_config('application_name', $1, false)", options_.application_name);
    return connection;
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL: ", Trimmed(e.what())));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  ++counters_.checkouts;
  if (idle_.empty() && open_ >= options_.pool_size) {
    ++counters_.waits;
    bool freed = freed_.wait_for(lock, options_.checkout_timeout, [this] {
      return !idle_.empty() || open_ < options_.pool_size;
    });
    if (!freed) {
      ++counters_.timeouts;
      return absl::DeadlineExceededError(absl::StrCat(
          "no free database connection within ", options_.checkout_timeout.count(),
          " ms (all ", options_.pool_size, " in use; raise database.pool_size?)"));
    }
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    ++counters_.in_use;
    return Lease(this, std::move(connection));
  }
  ++open_;
  ++counters_.in_use;
  lock.unlock();
  auto connection = ConnectDedicated();
  if (!connection.ok()) {
    lock.lock();
    --open_;
    --counters_.in_use;
    freed_.notify_one();
    return connection.status();
  }
  return Lease(this, std::move(connection).value());
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> connection, bool broken) {
  std::lock_guard lock(mutex_);
  --counters_.in_use;
  if (connection == nullptr) {
    --open_;  // a failed Reconnect already counted the replacement
  } else if (broken || !connection->is_open()) {
    --open_;
    ++counters_.replaced;
  } else {
    idle_.push_back(std::move(connection));
  }
  freed_.notify_one();
}

PoolStats ConnectionPool::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats = counters_;
  stats.idle = static_cast<int>(idle_.size());
  return stats;
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(connection_), broken_);
}

absl::Status ConnectionPool::Lease::Reconnect() {
  connection_.reset();
  {
    std::lock_guard lock(pool_->mutex_);
    ++pool_->counters_.replaced;
  }
  auto fresh = pool_->ConnectDedicated();
  if (!fresh.ok()) {
    broken_ = true;  // the slot is given back (and reopened later) when the lease ends
    return fresh.status();
  }
  connection_ = std::move(fresh).value();
  broken_ = false;
  return absl::OkStatus();
}

}  // namespace jobrec::store
