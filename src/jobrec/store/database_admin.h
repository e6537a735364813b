// Server-level chores outside any one database: creating and dropping databases (the embedded
// cluster's first start, the integration-test harness) and pointing a connection string at
// another database. Thread-safe (each call opens its own connection).
#pragma once

#include <string>

#include "jobrec/common/status.h"

namespace jobrec::store {

// InvalidArgument when libpq cannot parse `url`. The message keeps none of libpq's detail,
// which quotes the offending part of the string: that may be a piece of the password.
absl::Status CheckConnectionString(const std::string& url);

// Creates database `name` on the server `admin_url` reaches unless it exists already.
// InvalidArgument for a name that is not lower_snake (it becomes an identifier), Unavailable
// when the server cannot be reached, Internal for other server errors.
absl::Status CreateDatabaseIfMissing(const std::string& admin_url, const std::string& name);

// Drops database `name` if it exists, disconnecting its sessions first. Errors as above.
absl::Status DropDatabaseIfExists(const std::string& admin_url, const std::string& name);

// `url` (a URI or key=value connection string) with its database replaced by `name`, in
// key=value form. InvalidArgument as CheckConnectionString.
absl::StatusOr<std::string> WithDatabaseName(const std::string& url, const std::string& name);

}  // namespace jobrec::store
