// Applies schema migrations (migration.h) in version order, each in its own transaction, and
// records them in schema_migrations(version, name, checksum, applied_at). Idempotent: applied
// migrations are skipped. A session advisory lock serialises processes migrating together, so
// each migration is applied exactly once. Statements that cannot run inside a transaction
// (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before PostgreSQL 12) are not supported.
//
// Thread-safe: a Migrator is immutable; concurrent Apply() calls serialise on the lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/migration.h"

namespace jobrec::store {

struct MigrationStatus {
  int version = 0;
  std::string file_name;
  bool applied = false;
  std::string applied_at;         // ISO 8601 when applied
  bool checksum_changed = false;  // applied, but the file differs from what was applied
  bool unknown = false;           // applied by a newer binary; this one has no such file
};

class Migrator {
 public:
  // InvalidArgument naming the migration for a version below 1, a repeated version, a name
  // that is not lower_snake or empty SQL. The list need not be sorted.
  static absl::StatusOr<Migrator> Create(std::vector<Migration> migrations);
  // The migrations compiled into this binary.
  static absl::StatusOr<Migrator> Embedded() { return Create(EmbeddedMigrations()); }

  // Applies the pending migrations; returns the file names applied now (empty when none).
  // FailedPrecondition naming the file when an applied migration's checksum changed (nothing
  // is applied then). When a migration fails, its transaction is rolled back (earlier ones
  // stay applied) and the error names the file and carries PostgreSQL's message.
  // Unavailable/DeadlineExceeded when the database cannot be reached.
  absl::StatusOr<std::vector<std::string>> Apply(Database& db) const;

  // Every known migration and whether it is applied, by version, followed by applied versions
  // this binary does not know. Errors as for Apply, without the checksum check.
  absl::StatusOr<std::vector<MigrationStatus>> Status(Database& db) const;

  // True when every migration of this binary is applied with a matching checksum (for
  // /readyz). Errors only when the database cannot be queried.
  absl::StatusOr<bool> UpToDate(Database& db) const;

  const std::vector<Migration>& migrations() const { return migrations_; }

 private:
  explicit Migrator(std::vector<Migration> migrations) : migrations_(std::move(migrations)) {}
  std::vector<Migration> migrations_;  // by version
};

}  // namespace jobrec::store
