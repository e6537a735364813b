// One schema migration: a numbered SQL file from sql/migrations, compiled into the binary by
// embed_migrations.cmake so that `jobrec` needs no files next to it to build its schema.
#pragma once

#include <string>
#include <vector>

#include "jobrec/common/status.h"

namespace jobrec::store {

struct Migration {
  int version = 0;   // NNNN of the file name; applied in increasing order
  std::string name;  // lower_snake part of the file name
  std::string sql;   // may hold several statements; runs in one transaction

  // "0007_add_ratings.sql"
  std::string FileName() const;
  // Hex SHA-256 of `sql`; a changed file of an applied migration is detected with it.
  std::string Checksum() const;
};

// Every sql/migrations/*.sql of the source tree this binary was built from, by version.
std::vector<Migration> EmbeddedMigrations();

// Parses "NNNN_lower_snake.sql" into a Migration without SQL; InvalidArgument naming the file
// for anything else (version 0000 included).
absl::StatusOr<Migration> ParseMigrationFileName(const std::string& file_name);

}  // namespace jobrec::store
