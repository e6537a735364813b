// How this process names itself in the workers and scaling_decisions tables.
#pragma once

#include <string>

namespace jobrec::tasks {

std::string HostName();         // gethostname(), or "unknown-host"
std::string ProcessIdentity();  // "<host>:<pid>"

}  // namespace jobrec::tasks
