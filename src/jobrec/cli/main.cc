// The one jobrec binary: wires the subcommands together. Each subcommand is a file in cli/.
#include <iostream>

#include <CLI/CLI.hpp>

#include "jobrec/cli/cli_context.h"

int main(int argc, char** argv) {
  jobrec::cli::CliContext ctx;
  CLI::App app{"jobrec: job recommendations from fastText embeddings and LLM scoring"};
  app.set_version_flag("--version", "jobrec 0.1.0");
  app.add_option("-c,--config", ctx.config_path, "TOML configuration file")->check(CLI::ExistingFile);
  app.require_subcommand(1);

  jobrec::cli::RegisterConfigCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ctx.exit_code;
}
