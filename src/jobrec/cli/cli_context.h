// Shared state of one `jobrec` invocation: the global options every subcommand sees and the
// configuration loaded from them. Not thread-safe; used from main's thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "jobrec/common/config.h"

namespace CLI {
class App;
}
namespace jobrec::store {
class StoreRuntime;
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
  // Prints "jobrec: <message>" to stderr and sets exit_code.
  void Fail(const absl::Status& status, int code);
};

// The database the configuration names (starting or reusing the embedded cluster when
// database.url is unset), for subcommands that need one. On failure prints why, sets
// ctx.exit_code (kExitUsage for a bad database.* or state_dir value) and returns null.
std::unique_ptr<store::StoreRuntime> OpenStore(CliContext& ctx, const common::Config& config);

// Every declared configuration key of the program.
std::vector<common::ConfigKey> AllConfigKeys();

// Each subcommand lives in its own file and registers itself on the app.
void RegisterConfigCommand(CLI::App& app, CliContext& ctx);
void RegisterAdminCommand(CLI::App& app, CliContext& ctx);
void RegisterServeCommand(CLI::App& app, CliContext& ctx);
void RegisterDbCommand(CLI::App& app, CliContext& ctx);
void RegisterMigrateCommand(CLI::App& app, CliContext& ctx);
void RegisterWorkerCommand(CLI::App& app, CliContext& ctx);
void RegisterScaleCommand(CLI::App& app, CliContext& ctx);
void RegisterDnsCommand(CLI::App& app, CliContext& ctx);
void RegisterTrainCommand(CLI::App& app, CliContext& ctx);
void RegisterIngestCommand(CLI::App& app, CliContext& ctx);
void RegisterSourcesCommand(CLI::App& app, CliContext& ctx);
// `jobrec sources keywords` (sources_keywords.cc), registered on the `sources` command.
void RegisterSourcesKeywordsCommand(CLI::App& sources, CliContext& ctx);
void RegisterEvalCommand(CLI::App& app, CliContext& ctx);
void RegisterRecommendCommand(CLI::App& app, CliContext& ctx);

}  // namespace jobrec::cli
