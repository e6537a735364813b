#include "jobrec/tasks/process_identity.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace jobrec::tasks {

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "unknown-host";
  return host;
}

std::string ProcessIdentity() { return absl::StrCat(HostName(), ":", getpid()); }

}  // namespace jobrec::tasks
