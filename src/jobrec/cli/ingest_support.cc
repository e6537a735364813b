#include "jobrec/cli/ingest_support.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "jobrec/store/migrator.h"

namespace jobrec::cli {

std::unique_ptr<store::StoreRuntime> OpenMigratedStore(CliContext& ctx, const common::Config& config) {
  auto store = OpenStore(ctx, config);
  if (!store) return nullptr;
  auto migrator = store::Migrator::Embedded();
  if (!migrator.ok()) {
    ctx.Fail(migrator.status(), kExitFailure);
    return nullptr;
  }
  auto up_to_date = migrator->UpToDate(store->db());
  if (!up_to_date.ok() || !*up_to_date) {
    ctx.Fail(up_to_date.ok() ? absl::FailedPreconditionError(
                                   "the database schema is not up to date; run `jobrec migrate`")
                             : up_to_date.status(),
             kExitFailure);
    return nullptr;
  }
  return store;
}

std::string RunSummary(const store::SyncRunRecord& run) {
  return absl::StrCat(run.state, "  ", run.inserted, " new, ", run.updated, " updated, ", run.unchanged,
                      " unchanged, ", run.rejected, " rejected, ", run.expired, " expired (", run.seen,
                      " seen, ", run.pages, run.pages == 1 ? " page)" : " pages)");
}

SyncProgress::SyncProgress(std::string source_name)
    : name_(std::move(source_name)),
      terminal_(isatty(STDERR_FILENO) == 1),
      last_line_(std::chrono::steady_clock::now()) {}

void SyncProgress::operator()(const store::SyncRunRecord& run) {
  // The last page finished the run: what follows (the sync's log line, the summary) starts on
  // a clean line.
  if (run.state != "running") return Finish();
  const auto now = std::chrono::steady_clock::now();
  if (!terminal_ && now - last_line_ < std::chrono::seconds(10)) return;
  last_line_ = now;
  const std::string line =
      absl::StrCat("source ", name_, ": ", run.seen, " seen, ", run.inserted, " new, ", run.updated, " updated, ",
                   run.unchanged, " unchanged, ", run.rejected, " rejected (", run.pages,
                   run.pages == 1 ? " page)" : " pages)");
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    shown_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void SyncProgress::Finish() {
  if (shown_) std::fputs("\r\033[K", stderr);
  shown_ = false;
}

}  // namespace jobrec::cli
