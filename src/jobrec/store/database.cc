#include "jobrec/store/database.h"

#include "absl/strings/str_cat.h"
#include "jobrec/store/connection_pool.h"
#include "jobrec/store/database_admin.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {

Database::Database(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}
Database::~Database() = default;

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (options.url.empty()) return absl::InvalidArgumentError("database URL is empty");
  JOBREC_RETURN_IF_ERROR(CheckConnectionString(options.url));
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat("pool size must be at least 1, got ", options.pool_size));
  }
  if (options.checkout_timeout.count() <= 0) {
    return absl::InvalidArgumentError("checkout timeout must be positive");
  }
  std::unique_ptr<Database> db(new Database(std::make_unique<ConnectionPool>(options)));
  JOBREC_RETURN_IF_ERROR(db->Ping());
  return db;
}

absl::Status Database::Ping() {
  return RunTransaction(*this, {.name = "ping", .read_only = true}, [](pqxx::work& tx) {
    tx.exec("SELECT 1");
    return absl::OkStatus();
  });
}

PoolStats Database::Stats() const { return pool_->Stats(); }

}  // namespace jobrec::store
