// Shared state of one `jobrec` invocation: the global options every subcommand sees and the
// configuration loaded from them. Not thread-safe; used from main's thread.
#pragma once

#include <optional>
#include <string>

#include "jobrec/common/config.h"

namespace CLI {
class App;
}

namespace jobrec::cli {

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;  // bad flags, bad config

struct CliContext {
  std::optional<std::string> config_path;  // --config
  int exit_code = kExitOk;

  // Loads and validates the configuration (file + JOBREC_* environment) and sets up logging
  // from it. On error prints the message (naming the key) to stderr and returns nullopt.
  std::optional<common::Config> LoadConfig();
};

// Every declared configuration key of the program.
std::vector<common::ConfigKey> AllConfigKeys();

// Each subcommand lives in its own file and registers itself on the app.
void RegisterConfigCommand(CLI::App& app, CliContext& ctx);

}  // namespace jobrec::cli
