// Configuration keys of the logger and the start-up call that applies them.
#pragma once

#include <vector>

#include "jobrec/common/config.h"

namespace jobrec::common {

// log.level (debug|info|warn|error, default info), log.format (auto|text|json, default auto:
// JSON lines unless stderr is a terminal).
std::vector<ConfigKey> LogConfigKeys();
void InitLogFromConfig(const Config& config);

}  // namespace jobrec::common
