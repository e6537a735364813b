// What `jobrec ingest` and `jobrec sources` share: opening a database whose schema is current,
// and printing a sync run for a person, during it and after.
#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>

#include "jobrec/cli/cli_context.h"
#include "jobrec/store/source_repo.h"
#include "jobrec/store/store_runtime.h"

namespace jobrec::cli {

// OpenStore, then checks that every migration is applied. On failure prints why, sets
// ctx.exit_code and returns null.
std::unique_ptr<store::StoreRuntime> OpenMigratedStore(CliContext& ctx, const common::Config& config);

// "succeeded  12 new, 0 updated, 3831 unchanged, 12 rejected, 0 expired (3855 seen, 8 pages)"
std::string RunSummary(const store::SyncRunRecord& run);

// Progress of a sync on stderr, for SyncOptions::on_page: "source NAME: 12000 seen, 11988 new,
// …, 6 pages". On a terminal the line is rewritten after each page and cleared by Finish; to a
// file or pipe (a log) a line is written at most every 10 seconds. Not thread-safe.
class SyncProgress {
 public:
  explicit SyncProgress(std::string source_name);
  void operator()(const store::SyncRunRecord& run);
  // Clears the terminal line before the final summary is printed.
  void Finish();

 private:
  const std::string name_;
  const bool terminal_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_line_;
};

}  // namespace jobrec::cli
