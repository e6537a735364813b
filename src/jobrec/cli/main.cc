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
  jobrec::cli::RegisterAdminCommand(app, ctx);
  jobrec::cli::RegisterServeCommand(app, ctx);
  jobrec::cli::RegisterDbCommand(app, ctx);
  jobrec::cli::RegisterMigrateCommand(app, ctx);
  jobrec::cli::RegisterWorkerCommand(app, ctx);
  jobrec::cli::RegisterScaleCommand(app, ctx);
  jobrec::cli::RegisterDnsCommand(app, ctx);
  jobrec::cli::RegisterTrainCommand(app, ctx);
  jobrec::cli::RegisterIngestCommand(app, ctx);
  jobrec::cli::RegisterSourcesCommand(app, ctx);
  jobrec::cli::RegisterEvalCommand(app, ctx);
  jobrec::cli::RegisterRecommendCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and succeed; every bad flag or value is a usage error (2).
    return app.exit(e) == 0 ? jobrec::cli::kExitOk : jobrec::cli::kExitUsage;
  }
  return ctx.exit_code;
}
