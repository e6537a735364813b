// Store-internal: the unprivileged OS account the embedded PostgreSQL runs as when jobrec runs
// as root (the postmaster refuses to run as root). Thread-compatible; touches global OS state
// (the user database, directory modes), so callers serialise with the cluster's lock file.
#pragma once

#include <sys/types.h>

#include <string>

#include "jobrec/common/status.h"

namespace jobrec::store {

struct OsAccount {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

// The account `name`, or NotFound.
absl::StatusOr<OsAccount> LookupAccount(const std::string& name);

// The account `name`, created first with `useradd --system --no-create-home --shell
// /usr/sbin/nologin` when missing. Internal with useradd's output when that fails.
absl::StatusOr<OsAccount> EnsureSystemAccount(const std::string& name);

// Makes every directory from / down to `dir` (inclusive) traversable by `account`: a directory
// it can search neither as owner, as its group nor as other gets o+x (search only, no listing),
// and each such change is logged, because CI checkouts often live below a 0700 root-owned
// mktemp directory. Internal when a mode cannot be read or changed.
absl::Status MakeTraversable(const std::string& dir, const OsAccount& account);

// chown `path` (not recursive) to the account. Internal on failure.
absl::Status ChownTo(const std::string& path, const OsAccount& account);

}  // namespace jobrec::store
