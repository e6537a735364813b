#include "jobrec/cli/ingest_support.h"

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

}  // namespace jobrec::cli
