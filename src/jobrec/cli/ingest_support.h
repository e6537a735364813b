// What `jobrec ingest` and `jobrec sources` share: opening a database whose schema is current,
// and printing a sync run for a person.
#pragma once

#include <iosfwd>
#include <memory>

#include "jobrec/cli/cli_context.h"
#include "jobrec/store/source_repo.h"
#include "jobrec/store/store_runtime.h"

namespace jobrec::cli {

// OpenStore, then checks that every migration is applied. On failure prints why, sets
// ctx.exit_code and returns null.
std::unique_ptr<store::StoreRuntime> OpenMigratedStore(CliContext& ctx, const common::Config& config);

// "succeeded  12 new, 0 updated, 3831 unchanged, 12 rejected, 0 expired (3855 seen, 8 pages)"
std::string RunSummary(const store::SyncRunRecord& run);

}  // namespace jobrec::cli
