// The private PostgreSQL cluster jobrec runs when no database.url is configured. It lives in
// <state_dir>/postgres: data/ (the cluster), run/ (its Unix socket; mode 0700), postgres.log,
// port (the port number, chosen once so the URL stays stable), and two lock files.
//
// The server listens on the Unix socket only (listen_addresses = ''), with trust
// authentication for local connections: only the OS user owning run/ (and root) can reach it.
// As root, the cluster runs as an unprivileged account (created if missing) through runuser;
// directories above the state folder that account cannot enter get o+x, each change logged.
//
// Several jobrec processes share one cluster: Start() reuses a running one, and a process
// stops the cluster on the way out only if it started it and no other jobrec process is still
// using it. A postmaster.pid left by a killed server (or naming a pid since reused by an
// unrelated process) is cleared before starting.
//
// Thread-compatible; cross-process safety comes from <state_dir>/postgres/manage.lock.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "jobrec/common/status.h"

namespace jobrec::store {

class FileLock;

struct EmbeddedPostgresOptions {
  std::string state_dir;           // absolute
  std::string os_user = "jobrec";  // used only when running as root
};

enum class ClusterState { kNotInitialised, kStopped, kRunning };

struct ClusterStatus {
  ClusterState state = ClusterState::kNotInitialised;
  int pid = 0;      // postmaster, when running
  int port = 0;     // 0 until the first start chose one
  std::string url;  // empty until the first start
  std::string data_dir;
  std::string log_file;
};

class EmbeddedPostgres {
 public:
  // Initialises the cluster on first use, starts it unless running, creates the database
  // `jobrec`, and registers this process as a user until the object is destroyed.
  // PermissionDenied when another OS user's cluster is there (also from Inspect and Stop).
  // FailedPrecondition for an unusable state folder (not a cluster, socket path too long),
  // NotFound when the PostgreSQL binaries are missing, Internal with initdb's/pg_ctl's
  // output (and the log's tail) when they fail.
  static absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> Start(const EmbeddedPostgresOptions& options);
  // Stops the cluster if this object started it and no other process uses it.
  ~EmbeddedPostgres();

  // libpq URL of the jobrec database: postgresql:///jobrec?host=<run dir>&port=N&user=jobrec
  const std::string& url() const { return url_; }
  bool started_here() const { return started_here_; }
  // Leaves the cluster running when this object is destroyed (`jobrec db start`).
  void LeaveRunning() { started_here_ = false; }

  // What is there now, without starting anything. Internal when files cannot be read.
  static absl::StatusOr<ClusterStatus> Inspect(const EmbeddedPostgresOptions& options);
  // Fast shutdown (open sessions are disconnected) if running, whoever started it; OK when
  // already stopped or never initialised. Internal with pg_ctl's output on failure.
  static absl::Status Stop(const EmbeddedPostgresOptions& options);

 private:
  EmbeddedPostgres(EmbeddedPostgresOptions options, std::string url, bool started_here,
                   std::unique_ptr<FileLock> user_lock);

  EmbeddedPostgresOptions options_;
  std::string url_;
  bool started_here_;
  std::unique_ptr<FileLock> user_lock_;  // shared lock on users.lock while this process uses it
};

}  // namespace jobrec::store
