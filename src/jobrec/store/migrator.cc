#include "jobrec/store/migrator.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/store/connection_pool.h"
#include "jobrec/store/sql_transaction.h"

namespace jobrec::store {
namespace {

// Key of the session advisory lock held while migrating ("jobrec" in ASCII, then 1).
constexpr int64_t kMigrationLockKey = 0x6a6f627265630001;

constexpr char kCreateTable[] = R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))";

struct Applied {
  std::string name;
  std::string checksum;
  std::string applied_at;
};

std::map<int, Applied> ReadApplied(pqxx::transaction_base& tx) {
  std::map<int, Applied> applied;
  if (tx.exec("SELECT to_regclass('schema_migrations') IS NULL")[0][0].as<bool>()) return applied;
  for (const auto& row : tx.exec(
           "SELECT version, name, checksum, "
           "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
           "FROM schema_migrations ORDER BY version")) {
    applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>()};
  }
  return applied;
}

absl::StatusOr<std::map<int, Applied>> ReadAppliedFrom(Database& db) {
  std::map<int, Applied> applied;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db, {.name = "reading schema_migrations", .read_only = true},
                                        [&](pqxx::work& tx) {
                                          applied = ReadApplied(tx);
                                          return absl::OkStatus();
                                        }));
  return applied;
}

absl::Status CheckChecksums(const std::vector<Migration>& migrations, const std::map<int, Applied>& applied) {
  for (const auto& migration : migrations) {
    auto it = applied.find(migration.version);
    if (it != applied.end() && it->second.checksum != migration.Checksum()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", migration.FileName(), " was changed after it was applied (checksum ",
          it->second.checksum.substr(0, 12), "… applied, ", migration.Checksum().substr(0, 12),
          "… now); add a new migration instead of editing an applied one"));
    }
  }
  return absl::OkStatus();
}

// Releases the advisory lock on scope exit; a broken connection has released it already.
class AdvisoryLock {
 public:
  explicit AdvisoryLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction tx(connection_);
    tx.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction tx(connection_);
      tx.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    } catch (const std::exception&) {
      // The session is gone, and its lock with it.
    }
  }

 private:
  pqxx::connection& connection_;
};

absl::Status ApplyOne(pqxx::connection& connection, const Migration& migration) {
  auto started = std::chrono::steady_clock::now();
  try {
    pqxx::work tx(connection);
    tx.exec(migration.sql);
    tx.exec_params("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                   migration.version, migration.name, migration.Checksum());
    tx.commit();
  } catch (const std::exception& e) {
    return StatusFromException(e, absl::StrCat("migration ", migration.FileName(), " failed"));
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::Info("store.migration_applied", {{"file", migration.FileName()}, {"ms", ms.count()}});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Migrator> Migrator::Create(std::vector<Migration> migrations) {
  static const std::regex kName("^[a-z0-9_]+$");
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  std::set<int> versions;
  for (const auto& migration : migrations) {
    if (migration.version < 1 || migration.version > 9999) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration '", migration.name, "': version ", migration.version, " is outside 1..9999"));
    }
    if (!versions.insert(migration.version).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two migrations have version ", migration.version, " (", migration.FileName(), ")"));
    }
    if (!std::regex_match(migration.name, kName)) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", migration.version, ": name '", migration.name, "' is not lower_snake"));
    }
    if (migration.sql.find_first_not_of(" \t\r\n") == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("migration ", migration.FileName(), " is empty"));
    }
  }
  return Migrator(std::move(migrations));
}

absl::StatusOr<std::vector<std::string>> Migrator::Apply(Database& db) const {
  // A connection of its own: the advisory lock is held by the session, and a migration that
  // changes session settings must not leak them into the pool.
  JOBREC_ASSIGN_OR_RETURN(auto connection, db.pool().ConnectDedicated());
  std::vector<std::string> applied_now;
  try {
    AdvisoryLock lock(*connection);
    std::map<int, Applied> applied;
    {
      pqxx::work tx(*connection);
      tx.exec(kCreateTable);
      applied = ReadApplied(tx);
      tx.commit();
    }
    JOBREC_RETURN_IF_ERROR(CheckChecksums(migrations_, applied));
    for (const auto& migration : migrations_) {
      if (applied.count(migration.version) != 0) continue;
      JOBREC_RETURN_IF_ERROR(ApplyOne(*connection, migration));
      applied_now.push_back(migration.FileName());
    }
  } catch (const std::exception& e) {
    return StatusFromException(e, "migrating");
  }
  return applied_now;
}

absl::StatusOr<std::vector<MigrationStatus>> Migrator::Status(Database& db) const {
  JOBREC_ASSIGN_OR_RETURN(auto applied, ReadAppliedFrom(db));
  std::vector<MigrationStatus> out;
  for (const auto& migration : migrations_) {
    MigrationStatus status{.version = migration.version, .file_name = migration.FileName()};
    if (auto it = applied.find(migration.version); it != applied.end()) {
      status.applied = true;
      status.applied_at = it->second.applied_at;
      status.checksum_changed = it->second.checksum != migration.Checksum();
      applied.erase(it);
    }
    out.push_back(std::move(status));
  }
  for (const auto& [version, record] : applied) {
    Migration known{.version = version, .name = record.name};
    out.push_back({.version = version, .file_name = known.FileName(), .applied = true,
                   .applied_at = record.applied_at, .unknown = true});
  }
  return out;
}

absl::StatusOr<bool> Migrator::UpToDate(Database& db) const {
  JOBREC_ASSIGN_OR_RETURN(auto statuses, Status(db));
  return std::all_of(statuses.begin(), statuses.end(),
                     [](const MigrationStatus& s) { return s.applied && !s.checksum_changed; });
}

}  // namespace jobrec::store
