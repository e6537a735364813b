#include "jobrec/store/embedded_postgres.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "jobrec/common/log.h"
#include "jobrec/store/database_admin.h"
#include "jobrec/store/file_lock.h"
#include "jobrec/store/os_account.h"
#include "jobrec/store/subprocess.h"

namespace jobrec::store {
namespace {

namespace fs = std::filesystem;

constexpr char kRole[] = "jobrec";
constexpr char kDatabase[] = "jobrec";
constexpr char kFallbackBinDir[] = "/usr/lib/postgresql/15/bin";
constexpr int kFirstPort = 5433;
constexpr int kPortCandidates = 100;
// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
constexpr size_t kMaxSocketPath = 107;
constexpr std::chrono::seconds kOldProcessesGrace{20};
constexpr char kPgCtlTimeoutSeconds[] = "60";

struct Layout {
  explicit Layout(const std::string& state_dir)
      : state(state_dir),
        root(state_dir + "/postgres"),
        data(root + "/data"),
        run(root + "/run"),
        log(root + "/postgres.log"),
        port_file(root + "/port"),
        manage_lock(root + "/manage.lock"),
        users_lock(root + "/users.lock") {}
  std::string state, root, data, run, log, port_file, manage_lock, users_lock;
  bool Initialised() const {
    std::error_code error;
    return fs::exists(data + "/PG_VERSION", error);
  }
};

// A cluster folder made by another OS user (root's cluster, seen by a developer account) is
// unreadable; say so rather than report it missing.
absl::Status CheckAccessible(const Layout& layout) {
  if (access(layout.root.c_str(), F_OK) == 0 && access(layout.root.c_str(), R_OK | W_OK | X_OK) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        layout.root, " belongs to another OS user (", std::strerror(errno),
        "); run jobrec as that user (or root), or set JOBREC_STATE_DIR to a folder of your own"));
  }
  return absl::OkStatus();
}

// Who runs initdb and pg_ctl: this process, or (as root) the unprivileged cluster account.
struct ClusterOwner {
  std::optional<OsAccount> account;

  std::vector<std::string> Command(const std::string& program, std::vector<std::string> args) const {
    std::vector<std::string> argv;
    if (account) argv = {"runuser", "-u", account->name, "--"};
    argv.push_back(program);
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  absl::Status Own(const std::string& path) const {
    return account ? ChownTo(path, *account) : absl::OkStatus();
  }
};

absl::StatusOr<ClusterOwner> OwnerForThisProcess(const std::string& os_user, bool create) {
  ClusterOwner owner;
  if (geteuid() != 0) return owner;
  JOBREC_ASSIGN_OR_RETURN(owner.account, create ? EnsureSystemAccount(os_user) : LookupAccount(os_user));
  return owner;
}

absl::StatusOr<std::string> ServerBinDir() {
  auto result = RunProcess({"pg_config", "--bindir"}, "/");
  if (result.ok() && result->exit_code == 0) {
    std::string dir(absl::StripAsciiWhitespace(result->output));
    if (access((dir + "/pg_ctl").c_str(), X_OK) == 0 && access((dir + "/initdb").c_str(), X_OK) == 0) {
      return dir;
    }
  }
  if (access((std::string(kFallbackBinDir) + "/pg_ctl").c_str(), X_OK) == 0) return std::string(kFallbackBinDir);
  return absl::NotFoundError(absl::StrCat(
      "PostgreSQL server programs (initdb, pg_ctl) not found via `pg_config --bindir` nor in ",
      kFallbackBinDir, "; install postgresql-15 (scripts/setup does) or set JOBREC_DATABASE_URL"));
}

std::string PercentEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

std::string UrlFor(const Layout& layout, int port, const std::string& database) {
  return absl::StrCat("postgresql:///", database, "?host=", PercentEncode(layout.run),
                      "&port=", port, "&user=", kRole);
}

// 0 when no port has been chosen yet.
absl::StatusOr<int> ReadPort(const Layout& layout) {
  std::ifstream in(layout.port_file);
  if (!in) return 0;
  int port = 0;
  if (!(in >> port) || port < 1 || port > 65535) {
    return absl::InternalError(absl::StrCat(layout.port_file, " does not hold a port number; delete it to choose a new one"));
  }
  return port;
}

// The number only names the socket file inside our private run/ folder, so any value works;
// one that is also free on TCP keeps the door open to enabling TCP later without a clash.
int ChoosePort() {
  for (int port = kFirstPort; port < kFirstPort + kPortCandidates; ++port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    if (free) return port;
  }
  return kFirstPort;
}

absl::Status WriteFile(const std::string& path, const std::string& content, const ClusterOwner& owner,
                       mode_t mode) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << content;
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot write ", temp));
  }
  if (chmod(temp.c_str(), mode) != 0) return absl::InternalError(absl::StrCat("chmod ", temp, ": ", std::strerror(errno)));
  JOBREC_RETURN_IF_ERROR(owner.Own(temp));
  if (rename(temp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("rename ", temp, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status MakeDir(const std::string& path, mode_t mode, const ClusterOwner& owner) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) return absl::InternalError(absl::StrCat("cannot create ", path, ": ", error.message()));
  if (chmod(path.c_str(), mode) != 0) return absl::InternalError(absl::StrCat("chmod ", path, ": ", std::strerror(errno)));
  return owner.Own(path);
}

std::string ReadTail(const std::string& path, size_t max_lines) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.erase(lines.begin());
  }
  std::string out;
  for (const auto& line : lines) absl::StrAppend(&out, "\n  ", line);
  return out;
}

std::string Canonical(const std::string& path) {
  std::error_code error;
  auto canonical = fs::canonical(path, error);
  return error ? path : canonical.string();
}

// Processes whose working directory is the data folder: the postmaster and its children all
// chdir there, so this finds a server (or the remains of a killed one) whatever pid file says.
std::vector<int> ProcessesInDataDir(const std::string& data_dir) {
  std::vector<int> pids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::error_code link_error;
    auto cwd = fs::read_symlink(entry.path() / "cwd", link_error);
    if (!link_error && cwd.string() == data_dir) pids.push_back(std::stoi(name));
  }
  return pids;
}

// The pid in postmaster.pid when it is a live process whose working directory is our data
// folder; nullopt when the file is missing or stale (dead pid, or a pid reused by another
// program).
std::optional<int> RunningPostmaster(const Layout& layout) {
  std::ifstream in(layout.data + "/postmaster.pid");
  int pid = 0;
  if (!in || !(in >> pid) || pid <= 0) return std::nullopt;
  std::error_code error;
  auto cwd = fs::read_symlink(absl::StrCat("/proc/", pid, "/cwd"), error);
  if (error || cwd.string() != Canonical(layout.data)) return std::nullopt;
  return pid;
}

absl::Status WaitForOldProcesses(const Layout& layout) {
  const std::string data = Canonical(layout.data);
  auto deadline = std::chrono::steady_clock::now() + kOldProcessesGrace;
  for (;;) {
    auto pids = ProcessesInDataDir(data);
    if (pids.empty()) return absl::OkStatus();
    if (std::chrono::steady_clock::now() > deadline) {
      return absl::FailedPreconditionError(absl::StrCat(
          "processes without a postmaster still run in ", data, " (pid ", pids.front(),
          "); stop them before starting the embedded PostgreSQL"));
    }
    // Backends of a killed postmaster notice its death and exit within moments.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// The files a killed server leaves behind make the next start fail when their pid has been
// reused; we know no server runs here (checked under the manage lock), so they go.
void RemoveStaleFiles(const Layout& layout, int port) {
  for (const std::string& path : {layout.data + "/postmaster.pid",
                                  absl::StrCat(layout.run, "/.s.PGSQL.", port, ".lock"),
                                  absl::StrCat(layout.run, "/.s.PGSQL.", port)}) {
    std::error_code error;
    if (fs::remove(path, error)) log::Warn("embedded_postgres.stale_file_removed", {{"path", path}});
  }
}

// shared_buffers: an eighth of the machine's memory, between PostgreSQL's default of 128 MB and
// 1 GB. With the default, a bulk import of 100,000 postings (~400 MB of heap, TOAST and
// indexes) evicted its own index pages and the backend spent a third of its time in write()
// (bench/README.md: 6,065 -> 6,759 postings/s stored).
std::string SharedBuffers() {
  constexpr long long kMiB = 1024 * 1024;
  const long long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  const long long memory = pages > 0 && page_size > 0 ? pages * page_size : 0;
  return absl::StrCat(std::clamp(memory / 8 / kMiB, 128LL, 1024LL), "MB");
}

absl::Status Configure(const Layout& layout, const ClusterOwner& owner, int port) {
  JOBREC_RETURN_IF_ERROR(WriteFile(layout.data + "/pg_hba.conf",
                                   "# Written by jobrec: Unix socket only, in a folder of mode 0700.\n"
                                   "local all all trust\n",
                                   owner, 0600));
  std::string run_dir = layout.run;
  std::string quoted;
  for (char c : run_dir) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  JOBREC_RETURN_IF_ERROR(WriteFile(
      layout.data + "/jobrec.conf",
      absl::StrCat("# Written by jobrec on every start (store/embedded_postgres.cc).\n",
                   "listen_addresses = ''\n", "unix_socket_directories = '", quoted, "'\n",
                   "unix_socket_permissions = 0700\n", "port = ", port, "\n",
                   "max_connections = 200\n", "shared_buffers = ", SharedBuffers(), "\n",
                   // A bulk import of 100,000 postings and their search vectors writes ~1 GB of
                   // WAL: checkpoints (and the full-page images after each) every ~2 GB rather
                   // than every ~0.5.
                   "max_wal_size = 4GB\n",
                   // After a crash the server syncs its data folder before recovering; one
                   // syncfs() is much faster than an fsync per file.
                   "recovery_init_sync_method = syncfs\n"),
      owner, 0600));
  const std::string conf = layout.data + "/postgresql.conf";
  std::ifstream in(conf);
  std::stringstream content;
  content << in.rdbuf();
  const std::string include = "include_if_exists = 'jobrec.conf'";
  if (content.str().find(include) == std::string::npos) {
    std::ofstream out(conf, std::ios::app);
    out << "\n" << include << "\n";
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot append to ", conf));
  }
  return absl::OkStatus();
}

absl::Status Initialise(const Layout& layout, const ClusterOwner& owner, const std::string& bin_dir) {
  std::error_code error;
  if (fs::exists(layout.data, error) && !fs::is_empty(layout.data, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        layout.data, " exists but holds no PostgreSQL cluster (no PG_VERSION); move it away"));
  }
  JOBREC_RETURN_IF_ERROR(MakeDir(layout.data, 0700, owner));
  JOBREC_RETURN_IF_ERROR(RunChecked(
      "initdb", owner.Command(bin_dir + "/initdb", {"-D", layout.data, "-U", kRole, "-E", "UTF8",
                                                    "--locale=C.UTF-8", "-A", "trust", "--no-instructions"}),
      layout.root));
  log::Info("embedded_postgres.initialised", {{"data_dir", layout.data}});
  return absl::OkStatus();
}

absl::Status PgCtlStop(const Layout& layout, const ClusterOwner& owner, const std::string& bin_dir) {
  JOBREC_RETURN_IF_ERROR(RunChecked(
      "pg_ctl stop", owner.Command(bin_dir + "/pg_ctl", {"stop", "-D", layout.data, "-m", "fast", "-w",
                                                         "-t", kPgCtlTimeoutSeconds, "-s"}),
      layout.root));
  log::Info("embedded_postgres.stopped", {{"data_dir", layout.data}});
  return absl::OkStatus();
}

// Stops the server if it runs; caller holds the manage lock.
absl::Status StopLocked(const Layout& layout, const std::string& os_user) {
  if (!layout.Initialised() || !RunningPostmaster(layout)) return absl::OkStatus();
  JOBREC_ASSIGN_OR_RETURN(ClusterOwner owner, OwnerForThisProcess(os_user, /*create=*/false));
  JOBREC_ASSIGN_OR_RETURN(std::string bin_dir, ServerBinDir());
  return PgCtlStop(layout, owner, bin_dir);
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(EmbeddedPostgresOptions options, std::string url, bool started_here,
                                   std::unique_ptr<FileLock> user_lock)
    : options_(std::move(options)), url_(std::move(url)), started_here_(started_here),
      user_lock_(std::move(user_lock)) {}

absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> EmbeddedPostgres::Start(
    const EmbeddedPostgresOptions& options) {
  if (options.state_dir.empty() || options.state_dir[0] != '/') {
    return absl::InvalidArgumentError(absl::StrCat("state_dir must be absolute, got '", options.state_dir, "'"));
  }
  const Layout layout(options.state_dir);
  std::error_code dir_error;
  fs::create_directories(layout.state, dir_error);  // an existing folder keeps its mode
  if (dir_error) {
    return absl::InternalError(absl::StrCat("cannot create ", layout.state, ": ", dir_error.message()));
  }
  JOBREC_RETURN_IF_ERROR(CheckAccessible(layout));
  JOBREC_RETURN_IF_ERROR(MakeDir(layout.root, 0700, ClusterOwner{}));
  JOBREC_ASSIGN_OR_RETURN(FileLock manage, FileLock::Acquire(layout.manage_lock, FileLock::Mode::kExclusive));

  JOBREC_ASSIGN_OR_RETURN(ClusterOwner owner, OwnerForThisProcess(options.os_user, /*create=*/true));
  if (owner.account) {
    JOBREC_RETURN_IF_ERROR(MakeTraversable(layout.state, *owner.account));
    JOBREC_RETURN_IF_ERROR(owner.Own(layout.root));
  }
  JOBREC_ASSIGN_OR_RETURN(int port, ReadPort(layout));
  if (port == 0) {
    port = ChoosePort();
    JOBREC_RETURN_IF_ERROR(WriteFile(layout.port_file, absl::StrCat(port, "\n"), ClusterOwner{}, 0644));
  }
  const std::string socket_path = absl::StrCat(layout.run, "/.s.PGSQL.", port);
  if (socket_path.size() > kMaxSocketPath) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the embedded PostgreSQL socket path ", socket_path, " is longer than ", kMaxSocketPath,
        " bytes; set JOBREC_STATE_DIR to a shorter folder"));
  }
  JOBREC_ASSIGN_OR_RETURN(std::string bin_dir, ServerBinDir());
  if (!layout.Initialised()) JOBREC_RETURN_IF_ERROR(Initialise(layout, owner, bin_dir));
  JOBREC_RETURN_IF_ERROR(MakeDir(layout.run, 0700, owner));

  bool started_here = false;
  if (auto pid = RunningPostmaster(layout)) {
    log::Info("embedded_postgres.reused", {{"data_dir", layout.data}, {"pid", *pid}, {"port", port}});
  } else {
    JOBREC_RETURN_IF_ERROR(WaitForOldProcesses(layout));
    RemoveStaleFiles(layout, port);
    JOBREC_RETURN_IF_ERROR(Configure(layout, owner, port));
    absl::Status started = RunChecked(
        "pg_ctl start",
        owner.Command(bin_dir + "/pg_ctl", {"start", "-D", layout.data, "-l", layout.log, "-w", "-t",
                                            kPgCtlTimeoutSeconds, "-s"}),
        layout.root);
    if (!started.ok()) {
      return absl::InternalError(absl::StrCat(started.message(), "\nlast lines of ", layout.log, ":",
                                              ReadTail(layout.log, 15)));
    }
    started_here = true;
    log::Info("embedded_postgres.started", {{"data_dir", layout.data}, {"port", port}, {"log", layout.log}});
  }
  JOBREC_RETURN_IF_ERROR(CreateDatabaseIfMissing(UrlFor(layout, port, "postgres"), kDatabase));
  JOBREC_ASSIGN_OR_RETURN(FileLock user_lock, FileLock::Acquire(layout.users_lock, FileLock::Mode::kShared));
  return std::unique_ptr<EmbeddedPostgres>(
      new EmbeddedPostgres(options, UrlFor(layout, port, kDatabase), started_here,
                           std::make_unique<FileLock>(std::move(user_lock))));
}

EmbeddedPostgres::~EmbeddedPostgres() {
  if (!started_here_) return;
  const Layout layout(options_.state_dir);
  auto manage = FileLock::Acquire(layout.manage_lock, FileLock::Mode::kExclusive);
  if (!manage.ok()) {
    log::Error("embedded_postgres.stop_failed", {{"error", manage.status().ToString()}});
    return;
  }
  if (!user_lock_->TryUpgradeToExclusive()) {
    log::Info("embedded_postgres.left_running",
              {{"data_dir", layout.data}, {"why", "other jobrec processes still use it"}});
    return;
  }
  absl::Status stopped = StopLocked(layout, options_.os_user);
  if (!stopped.ok()) log::Error("embedded_postgres.stop_failed", {{"error", stopped.ToString()}});
}

absl::StatusOr<ClusterStatus> EmbeddedPostgres::Inspect(const EmbeddedPostgresOptions& options) {
  const Layout layout(options.state_dir);
  JOBREC_RETURN_IF_ERROR(CheckAccessible(layout));
  ClusterStatus status;
  status.data_dir = layout.data;
  status.log_file = layout.log;
  JOBREC_ASSIGN_OR_RETURN(status.port, ReadPort(layout));
  if (status.port != 0) status.url = UrlFor(layout, status.port, kDatabase);
  if (!layout.Initialised()) return status;
  auto pid = RunningPostmaster(layout);
  status.state = pid ? ClusterState::kRunning : ClusterState::kStopped;
  status.pid = pid.value_or(0);
  return status;
}

absl::Status EmbeddedPostgres::Stop(const EmbeddedPostgresOptions& options) {
  const Layout layout(options.state_dir);
  JOBREC_RETURN_IF_ERROR(CheckAccessible(layout));
  if (!layout.Initialised()) return absl::OkStatus();
  JOBREC_ASSIGN_OR_RETURN(FileLock manage, FileLock::Acquire(layout.manage_lock, FileLock::Mode::kExclusive));
  return StopLocked(layout, options.os_user);
}

}  // namespace jobrec::store
