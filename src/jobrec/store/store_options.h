// Configuration of the storage layer: which PostgreSQL to use (a configured server, or the
// embedded cluster under the state folder) and how many connections to keep.
//
// Keys: state_dir (JOBREC_STATE_DIR, default ./var; other modules keep their files below it
// too and read it with Config::GetString("state_dir") rather than declaring it again),
// database.url (secret: environment only), database.pool_size, database.checkout_timeout,
// database.embedded_os_user.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "jobrec/common/config.h"
#include "jobrec/common/status.h"

namespace jobrec::store {

struct StoreOptions {
  // libpq connection string (URI or key=value). Empty: run the embedded cluster.
  std::string database_url;
  // Absolute. The embedded cluster lives in <state_dir>/postgres.
  std::string state_dir = "./var";
  int pool_size = 8;
  std::chrono::milliseconds checkout_timeout{5000};
  // Unprivileged OS account the embedded cluster runs as when jobrec runs as root.
  std::string embedded_os_user = "jobrec";
};

std::vector<common::ConfigKey> StoreConfigKeys();

// Reads and cross-checks the keys above (state_dir made absolute). InvalidArgument naming the
// key for a value the type check alone cannot reject (an empty state_dir, a bad user name).
absl::StatusOr<StoreOptions> StoreOptionsFromConfig(const common::Config& config);

}  // namespace jobrec::store
