// The database one jobrec process works with, as configured: the server database.url names,
// or else the embedded cluster under state_dir, started (or reused) here. Subcommands that
// need the database (migrate, worker, serve) open one at start and destroy it on the way out.
//
//   JOBREC_ASSIGN_OR_RETURN(auto store, store::StoreRuntime::Open(options));
//   store::TaskQueue queue(store->db(), ...);
//
// Thread-safe as Database is.
#pragma once

#include <memory>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"
#include "jobrec/store/embedded_postgres.h"
#include "jobrec/store/store_options.h"

namespace jobrec::store {

class StoreRuntime {
 public:
  // Errors of EmbeddedPostgres::Start and Database::Open.
  static absl::StatusOr<std::unique_ptr<StoreRuntime>> Open(const StoreOptions& options);
  // Closes the pool, then stops the embedded cluster if this process started it and no
  // other jobrec process still uses it.
  ~StoreRuntime();

  Database& db() { return *db_; }
  // Null when database.url is configured.
  EmbeddedPostgres* embedded() { return embedded_.get(); }

 private:
  StoreRuntime() = default;
  std::unique_ptr<EmbeddedPostgres> embedded_;  // declared first: destroyed after db_
  std::unique_ptr<Database> db_;
};

}  // namespace jobrec::store
