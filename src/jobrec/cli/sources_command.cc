// `jobrec sources add NAME --kind KIND [--params JSON] [--secret PARAM=ENV_VAR]...
//                       [--interval 6h] [--disabled] [--full-sync | --incremental]`
//   Creates a source of postings, or reconfigures the one with that name (a changed kind or
//   params abandons its unfinished pass). The configuration is checked by building its
//   connector (secrets are not needed for that). Secrets are never stored: --secret
//   app_key=ADZUNA_APP_KEY stores the name of the environment variable the worker reads the key
//   from. --interval makes `jobrec serve` sync it that often (at least 1m); without it the
//   source syncs only on demand (jobrec ingest NAME, POST /api/v1/admin/sources/{id}/sync).
//   Full sync (the default for files, greenhouse, lever, jsonld) means each pass delivers the
//   whole set, so postings missing from ingest.expire_after_missed_syncs passes expire; other
//   kinds sync incrementally and their postings expire by their expiry date only.
// `jobrec sources list`: every source with its last sync.
//
// Examples:
//   jobrec sources add adzuna-gb --kind adzuna --params '{"country":"gb","what":"engineer"}'
//       --secret app_id=ADZUNA_APP_ID --secret app_key=ADZUNA_APP_KEY --interval 6h
//   jobrec sources add acme --kind greenhouse --params '{"board_token":"acme"}' --interval 1h
#include <iomanip>
#include <iostream>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/cli/ingest_support.h"
#include "jobrec/common/http_client.h"
#include "jobrec/ingest/source_connector.h"

namespace jobrec::cli {
namespace {

struct AddFlags {
  std::string name;
  std::string kind;
  std::string params = "{}";
  std::vector<std::string> secrets;
  std::string interval;
  bool disabled = false;
  bool full_sync = false;
  bool incremental = false;
};

absl::StatusOr<store::SourceSpec> SpecOf(const AddFlags& flags) {
  store::SourceSpec spec{.name = flags.name, .kind = flags.kind, .enabled = !flags.disabled};
  spec.params = nlohmann::json::parse(flags.params, nullptr, /*allow_exceptions=*/false);
  if (!spec.params.is_object()) {
    return common::InvalidField("params", "--params must be a JSON object, e.g. '{\"country\":\"gb\"}'");
  }
  for (const std::string& secret : flags.secrets) {
    const size_t eq = secret.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == secret.size()) {
      return common::InvalidField("secret", absl::StrCat("--secret '", secret, "' is not PARAM=ENV_VAR"));
    }
    spec.secrets[secret.substr(0, eq)] = secret.substr(eq + 1);
  }
  if (!flags.interval.empty()) {
    JOBREC_ASSIGN_OR_RETURN(std::chrono::milliseconds interval, common::ParseDuration(flags.interval));
    spec.interval = std::chrono::duration_cast<std::chrono::minutes>(interval);
    if (spec.interval->count() < 1) return common::InvalidField("interval", "--interval must be at least 1m");
  }
  spec.full_sync = flags.full_sync || (!flags.incremental && ingest::DefaultFullSync(flags.kind));
  return spec;
}

void Add(CliContext& ctx, const AddFlags& flags) {
  absl::StatusOr<store::SourceSpec> spec = SpecOf(flags);
  if (!spec.ok()) return ctx.Fail(spec.status(), kExitUsage);
  if (absl::Status valid = ingest::ValidateSourceSpec(*spec, {.http = common::NewCurlHttpClient()});
      !valid.ok()) {
    return ctx.Fail(valid, kExitUsage);
  }
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenMigratedStore(ctx, *config);
  if (!store) return;
  auto upserted = store::SourceRepo(store->db()).Upsert(*spec);
  if (!upserted.ok()) return ctx.Fail(upserted.status(), kExitUsage);
  std::cout << (upserted->second ? "created" : "updated") << " source " << spec->name << " (id "
            << upserted->first << ")\n";
}

std::string IntervalText(const std::optional<std::chrono::minutes>& interval) {
  if (!interval) return "on demand";
  const int64_t m = interval->count();
  if (m % 1440 == 0) return absl::StrCat(m / 1440, "d");
  if (m % 60 == 0) return absl::StrCat(m / 60, "h");
  return absl::StrCat(m, "m");
}

void List(CliContext& ctx) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenMigratedStore(ctx, *config);
  if (!store) return;
  auto sources = store::SourceRepo(store->db()).List();
  if (!sources.ok()) return ctx.Fail(sources.status(), kExitFailure);
  if (sources->empty()) {
    std::cout << "no sources (add one with `jobrec sources add` or `jobrec ingest --file`)\n";
  }
  for (const store::SourceSummary& s : *sources) {
    const store::SourceSpec& spec = s.source.spec;
    std::cout << std::left << std::setw(24) << spec.name << " " << std::setw(10) << spec.kind << " "
              << std::setw(10) << IntervalText(spec.interval) << " "
              << (spec.enabled ? "enabled " : "disabled") << (spec.full_sync ? " full  " : " incr. ") << "  "
              << (s.last_run ? RunSummary(*s.last_run) : std::string("never synced")) << "\n";
    if (s.last_run && !s.last_run->error.empty()) std::cout << "    error: " << s.last_run->error << "\n";
  }
}

}  // namespace

void RegisterSourcesCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("sources", "Configure the sources of job postings");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Create or reconfigure a source");
  auto flags = std::make_shared<AddFlags>();
  add->add_option("name", flags->name, "Source name (letters, digits, _ . -)")->required();
  add->add_option("--kind", flags->kind, "Connector kind")
      ->required()
      ->check(CLI::IsMember(ingest::SourceKinds()));
  add->add_option("--params", flags->params, "Connector parameters as a JSON object");
  add->add_option("--secret", flags->secrets,
                  "PARAM=ENV_VAR: read this secret parameter from ENV_VAR (repeatable)");
  add->add_option("--interval", flags->interval, "Sync this often under `jobrec serve` (e.g. 30m, 6h, 1d)");
  add->add_flag("--disabled", flags->disabled, "Keep it but do not schedule it");
  auto* full = add->add_flag("--full-sync", flags->full_sync,
                             "Each sync delivers the whole set (expire missing postings)");
  add->add_flag("--incremental", flags->incremental, "Each sync delivers what changed (expire by date only)")
      ->excludes(full);
  add->callback([&ctx, flags] { Add(ctx, *flags); });
  cmd->add_subcommand("list", "List the sources with their last sync")->callback([&ctx] { List(ctx); });
  RegisterSourcesKeywordsCommand(*cmd, ctx);
}

}  // namespace jobrec::cli
