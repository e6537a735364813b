#include "jobrec/store/sql_transaction.h"

#include <memory>

#include "jobrec/store/connection_pool.h"

namespace jobrec::store {
namespace {

const char* IsolationSql(Isolation isolation) {
  switch (isolation) {
    case Isolation::kReadCommitted:
      return "READ COMMITTED";
    case Isolation::kRepeatableRead:
      return "REPEATABLE READ";
    case Isolation::kSerializable:
      return "SERIALIZABLE";
  }
  return "READ COMMITTED";
}

// BEGIN, retried once on a fresh connection when the pooled one turns out to be dead (the
// server restarted, an idle timeout closed it): nothing has run yet, so this is safe.
absl::StatusOr<std::unique_ptr<pqxx::work>> Begin(ConnectionPool::Lease& lease,
                                                  const std::string& context) {
  for (int attempt = 1;; ++attempt) {
    try {
      return std::make_unique<pqxx::work>(lease.connection());
    } catch (const pqxx::broken_connection& e) {
      if (attempt == 2) {
        lease.MarkBroken();
        return StatusFromException(e, context);
      }
      JOBREC_RETURN_IF_ERROR(lease.Reconnect());
    } catch (const std::exception& e) {
      return StatusFromException(e, context);
    }
  }
}

// Runs the options' settings and `body` on `tx` and commits; `broken` is called when the
// connection must not be used again.
absl::Status RunBody(pqxx::work& tx, const TxOptions& options, const TxBody& body,
                     const std::function<void()>& broken) {
  try {
    if (options.isolation != Isolation::kReadCommitted || options.read_only) {
      tx.exec(std::string("SET TRANSACTION ISOLATION LEVEL ") + IsolationSql(options.isolation) +
              (options.read_only ? " READ ONLY" : " READ WRITE"));
    }
    if (!options.role.empty()) tx.exec("SET LOCAL ROLE " + tx.quote_name(options.role));
    for (const auto& [name, value] : options.settings) {
      tx.exec_params("SELECT set_config($1, $2, true)", name, value);
    }
    absl::Status status = body(tx);
    if (!status.ok()) {
      try {
        tx.abort();
      } catch (const std::exception&) {
        broken();  // the body's error is the one worth reporting
      }
      return status;
    }
    tx.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
        dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
      broken();
    }
    return StatusFromException(e, options.name);
  }
}

}  // namespace

absl::Status RunTransaction(Database& db, const TxOptions& options, const TxBody& body) {
  JOBREC_ASSIGN_OR_RETURN(auto lease, db.pool().Acquire());
  JOBREC_ASSIGN_OR_RETURN(auto tx, Begin(lease, options.name));
  return RunBody(*tx, options, body, [&] { lease.MarkBroken(); });
}

absl::Status RunTransactionOn(pqxx::connection& connection, const TxOptions& options, const TxBody& body) {
  std::unique_ptr<pqxx::work> tx;
  try {
    tx = std::make_unique<pqxx::work>(connection);
  } catch (const std::exception& e) {
    return StatusFromException(e, options.name);
  }
  return RunBody(*tx, options, body, [] {});
}

absl::Status RunOnConnection(Database& db, const std::string& context, const ConnectionBody& body) {
  JOBREC_ASSIGN_OR_RETURN(auto lease, db.pool().Acquire());
  try {
    return body(lease.connection());
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) lease.MarkBroken();
    return StatusFromException(e, context);
  }
}

}  // namespace jobrec::store
