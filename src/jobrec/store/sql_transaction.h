// Store-internal: how repositories in store/ run SQL. Only store/*.cc include this header (it
// exposes <pqxx/pqxx>); the repositories' own headers expose domain structs only.
//
//   absl::StatusOr<Job> JobRepo::Get(int64_t id) {
//     Job job;
//     JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "job_repo.Get"}, [&](pqxx::work& tx) {
//       auto rows = tx.exec_params("SELECT title FROM jobs WHERE id = $1", id);
//       if (rows.empty()) return absl::NotFoundError(absl::StrCat("job ", id));
//       job.title = rows[0][0].as<std::string>();
//       return absl::OkStatus();
//     }));
//     return job;
//   }
//
// Always pass values as $n parameters (exec_params), never by pasting them into SQL text.
// Thread-safe as Database is; a transaction body runs on the calling thread.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "jobrec/common/status.h"
#include "jobrec/store/database.h"

namespace jobrec::store {

enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };

struct TxOptions {
  std::string name = "transaction";  // starts every error message: "job_repo.Get: ..."
  Isolation isolation = Isolation::kReadCommitted;
  bool read_only = false;
  // SET LOCAL ROLE: the statements run as this (non-owner) role, so row-level security
  // applies. Empty keeps the connection's role.
  std::string role;
  // set_config(name, value, is_local => true) for each pair before the body runs: how
  // row-level security policies learn the caller, e.g. {"jobrec.user_id", "42"}.
  std::vector<std::pair<std::string, std::string>> settings;
};

using TxBody = std::function<absl::Status(pqxx::work&)>;
using ConnectionBody = std::function<absl::Status(pqxx::connection&)>;

// Checks out a connection, begins a transaction, runs `body` and commits when it returns OK;
// rolls back when it returns an error (which is returned unchanged) or throws (converted by
// StatusFromException with options.name as context). A connection found broken before the
// transaction began is replaced and the transaction begun again once; a break later is
// Unavailable (the body is not re-run: it may have side effects outside the database).
// Aborted means a serialization failure or deadlock: the caller may retry the whole call.
absl::Status RunTransaction(Database& db, const TxOptions& options, const TxBody& body);

// As RunTransaction, on a connection the caller holds outside the pool (one that keeps a
// session advisory lock across transactions). A broken connection is not replaced: after an
// error the caller must not rely on the connection.
absl::Status RunTransactionOn(pqxx::connection& connection, const TxOptions& options, const TxBody& body);

// Runs `body` on one checked-out connection, for work that needs several transactions on the
// same session (session advisory locks). Exceptions are converted as above.
absl::Status RunOnConnection(Database& db, const std::string& context, const ConnectionBody& body);

}  // namespace jobrec::store
