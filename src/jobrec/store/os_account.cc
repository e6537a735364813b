#include "jobrec/store/os_account.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/store/subprocess.h"

namespace jobrec::store {
namespace {

bool InGroup(const OsAccount& account, gid_t gid) {
  if (account.gid == gid) return true;
  int count = 64;
  std::vector<gid_t> groups(count);
  if (getgrouplist(account.name.c_str(), account.gid, groups.data(), &count) < 0) {
    groups.resize(count);
    if (getgrouplist(account.name.c_str(), account.gid, groups.data(), &count) < 0) return false;
  }
  for (int i = 0; i < count; ++i) {
    if (groups[i] == gid) return true;
  }
  return false;
}

bool CanTraverse(const struct stat& st, const OsAccount& account) {
  if (st.st_uid == account.uid) return (st.st_mode & S_IXUSR) != 0;
  if (InGroup(account, st.st_gid)) return (st.st_mode & S_IXGRP) != 0;
  return (st.st_mode & S_IXOTH) != 0;
}

}  // namespace

absl::StatusOr<OsAccount> LookupAccount(const std::string& name) {
  std::vector<char> buffer(16384);
  struct passwd pwd;
  struct passwd* found = nullptr;
  int error = getpwnam_r(name.c_str(), &pwd, buffer.data(), buffer.size(), &found);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no OS user '", name, "'",
                                            error != 0 ? absl::StrCat(": ", std::strerror(error)) : ""));
  }
  return OsAccount{name, pwd.pw_uid, pwd.pw_gid};
}

absl::StatusOr<OsAccount> EnsureSystemAccount(const std::string& name) {
  auto account = LookupAccount(name);
  if (account.ok() || !absl::IsNotFound(account.status())) return account;
  absl::Status created = RunChecked(
      "creating the OS user for the embedded PostgreSQL",
      {"useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name}, "/");
  // Another process may have created it meanwhile; only a still-missing user is an error.
  account = LookupAccount(name);
  if (!account.ok()) return created.ok() ? account.status() : created;
  if (created.ok()) log::Info("store.os_user_created", {{"user", name}});
  return account;
}

absl::Status MakeTraversable(const std::string& dir, const OsAccount& account) {
  std::filesystem::path path = std::filesystem::path(dir).lexically_normal();
  std::filesystem::path current;
  for (const auto& part : path) {
    current /= part;
    struct stat st;
    if (stat(current.c_str(), &st) != 0) {
      return absl::InternalError(absl::StrCat("stat ", current.string(), ": ", std::strerror(errno)));
    }
    if (CanTraverse(st, account)) continue;
    mode_t mode = (st.st_mode & 07777) | S_IXOTH;
    if (chmod(current.c_str(), mode) != 0) {
      return absl::InternalError(absl::StrCat(
          "the embedded PostgreSQL runs as '", account.name, "', which cannot enter ",
          current.string(), " and adding o+x failed (", std::strerror(errno),
          "); set JOBREC_STATE_DIR to a folder it can reach"));
    }
    log::Warn("store.dir_made_traversable",
              {{"dir", current.string()}, {"added", "o+x"}, {"for_user", account.name},
               {"why", "the embedded PostgreSQL must reach its data folder below it"}});
  }
  return absl::OkStatus();
}

absl::Status ChownTo(const std::string& path, const OsAccount& account) {
  if (chown(path.c_str(), account.uid, account.gid) != 0) {
    return absl::InternalError(absl::StrCat("chown ", path, " to ", account.name, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace jobrec::store
