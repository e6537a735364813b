#include "jobrec/cli/cli_context.h"

#include <iostream>

#include "jobrec/common/log.h"
#include "jobrec/common/log_options.h"

namespace jobrec::cli {

std::vector<common::ConfigKey> AllConfigKeys() {
  std::vector<common::ConfigKey> keys;
  auto add = [&](std::vector<common::ConfigKey> more) {
    keys.insert(keys.end(), more.begin(), more.end());
  };
  add(common::LogConfigKeys());
  return keys;
}

std::optional<common::Config> CliContext::LoadConfig() {
  auto config = common::Config::LoadFromProcess(AllConfigKeys(), config_path);
  if (!config.ok()) {
    std::cerr << "jobrec: " << config.status().message() << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  common::InitLogFromConfig(*config);
  return std::move(config).value();
}

}  // namespace jobrec::cli
