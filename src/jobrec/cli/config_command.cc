// `jobrec config`: validates the configuration and prints every key with its source.
#include <iostream>

#include <CLI/CLI.hpp>

#include "jobrec/cli/cli_context.h"

namespace jobrec::cli {

void RegisterConfigCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("config", "Validate the configuration and print every key");
  cmd->callback([&ctx] {
    auto config = ctx.LoadConfig();
    if (!config) return;
    std::cout << config->Describe();
  });
}

}  // namespace jobrec::cli
