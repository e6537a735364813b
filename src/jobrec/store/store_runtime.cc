#include "jobrec/store/store_runtime.h"

namespace jobrec::store {

absl::StatusOr<std::unique_ptr<StoreRuntime>> StoreRuntime::Open(const StoreOptions& options) {
  std::unique_ptr<StoreRuntime> runtime(new StoreRuntime());
  std::string url = options.database_url;
  if (url.empty()) {
    JOBREC_ASSIGN_OR_RETURN(runtime->embedded_,
                            EmbeddedPostgres::Start({.state_dir = options.state_dir,
                                                     .os_user = options.embedded_os_user}));
    url = runtime->embedded_->url();
  }
  JOBREC_ASSIGN_OR_RETURN(runtime->db_, Database::Open({.url = url,
                                                        .pool_size = options.pool_size,
                                                        .checkout_timeout = options.checkout_timeout}));
  return runtime;
}

StoreRuntime::~StoreRuntime() = default;

}  // namespace jobrec::store
