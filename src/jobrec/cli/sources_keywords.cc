// `jobrec sources keywords --email E [--source NAME]`: the LLM chooses include and exclude
// keywords for job board searches from the person's profile (llm::Generator, prompt
// search-keywords-v1) and prints them. With --source NAME of an Adzuna source it also stores
// them as that source's what_or / what_exclude parameters (space-separated words, as Adzuna
// takes them), keeping its other parameters; like `jobrec sources add`, a changed parameter
// makes the source's next sync start a new pass.
//
//   jobrec sources keywords --email ada@example.org
//   jobrec sources keywords --email ada@example.org --source adzuna-gb
//
// The call counts toward the person's daily LLM budget (llm.daily_budget_per_user).
//
// Exit codes: 0 with the keywords; 2 for a bad flag, a source that is not of kind adzuna, or a
// configuration value; 1 for no LLM configured (naming the settings), an unknown email or
// source, no profile, a spent budget, or a failed LLM call or database statement. Nothing is
// stored unless the LLM answered with valid keywords.
#include <iostream>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "jobrec/auth/email.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/cli/ingest_support.h"
#include "jobrec/common/http_client.h"
#include "jobrec/ingest/source_connector.h"
#include "jobrec/llm/budget.h"
#include "jobrec/llm/llm_factory.h"
#include "jobrec/llm/llm_options.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/llm_inputs.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/source_repo.h"
#include "jobrec/store/store_runtime.h"
#include "jobrec/tasks/llm_run_hooks.h"

namespace jobrec::cli {
namespace {

struct KeywordsFlags {
  std::string email;
  std::string source;
};

// A Status and the exit code it ends the command with.
struct Failure {
  absl::Status status;
  int code = kExitFailure;
};

// The Adzuna source named `name`; a usage error for another kind.
absl::StatusOr<store::Source> AdzunaSource(store::Database& db, const std::string& name) {
  JOBREC_ASSIGN_OR_RETURN(auto source, store::SourceRepo(db).FindByName(name));
  if (!source) return absl::NotFoundError(absl::StrCat("no source named ", name, " (see `jobrec sources list`)"));
  if (source->spec.kind != "adzuna") {
    return common::InvalidField("source", absl::StrCat("source ", name, " is of kind ", source->spec.kind,
                                                       ": only adzuna sources take what_or / what_exclude"));
  }
  return *std::move(source);
}

absl::StatusOr<profile::Profile> ProfileOfUser(store::Database& db, const std::string& email, int64_t& user_id) {
  JOBREC_ASSIGN_OR_RETURN(auto login, store::AccountRepo(db).FindLogin(email));
  if (!login) return absl::NotFoundError(absl::StrCat("no account with the email ", email));
  user_id = login->user_id;
  JOBREC_ASSIGN_OR_RETURN(auto stored, store::ProfileRepo(db).Get(user_id));
  if (!stored) {
    return absl::FailedPreconditionError(
        absl::StrCat(email, " has no profile yet: fill it in (at least one target job title) first"));
  }
  return profile::ProfileFromJson(stored->data);
}

std::optional<Failure> Run(store::Database& db, const common::Config& config, const KeywordsFlags& flags,
                           const std::string& email) {
  const llm::LlmOptions options = llm::LlmOptionsFromConfig(config);
  absl::StatusOr<llm::LlmRuntime> runtime = llm::NewLlmRuntime(options);
  if (!runtime.ok()) return Failure{runtime.status()};
  // Checked before the call: a wrong source must not cost anything.
  std::optional<store::Source> source;
  if (!flags.source.empty()) {
    absl::StatusOr<store::Source> found = AdzunaSource(db, flags.source);
    if (!found.ok()) {
      return Failure{found.status(), absl::IsInvalidArgument(found.status()) ? kExitUsage : kExitFailure};
    }
    source = *std::move(found);
  }
  int64_t user_id = 0;
  absl::StatusOr<profile::Profile> profile = ProfileOfUser(db, email, user_id);
  if (!profile.ok()) return Failure{profile.status()};

  tasks::PgDailyBudget budget(db, user_id, options.daily_budget_per_user);
  absl::StatusOr<llm::KeywordSet> generated = runtime->generator->GenerateSearchKeywords(
      rank::LlmProfileInput(*profile), llm::BudgetAccounting(&budget, runtime->pricing));
  if (absl::Status st = budget.status(); !st.ok()) return Failure{st};
  if (!generated.ok()) {
    if (absl::IsResourceExhausted(generated.status())) {
      return Failure{absl::ResourceExhaustedError(absl::StrFormat(
          "%s's daily LLM budget of %.2f USD is spent (llm.daily_budget_per_user)", email,
          options.daily_budget_per_user))};
    }
    return Failure{generated.status()};
  }
  const std::string include = absl::StrJoin(generated->keywords.include, " ");
  const std::string exclude = absl::StrJoin(generated->keywords.exclude, " ");
  std::cout << "include: " << include << "\nexclude: " << exclude << "\n"
            << absl::StrFormat("(%s, %s, %d tokens, %.4f USD)\n", generated->info.model,
                               generated->info.prompt_version,
                               generated->info.usage.input_tokens + generated->info.usage.output_tokens,
                               generated->info.cost_usd);
  if (!source) return std::nullopt;

  store::SourceSpec spec = source->spec;
  spec.params["what_or"] = include;
  spec.params["what_exclude"] = exclude;
  if (absl::Status valid = ingest::ValidateSourceSpec(spec, {.http = common::NewCurlHttpClient()}); !valid.ok()) {
    return Failure{valid};
  }
  auto upserted = store::SourceRepo(db).Upsert(spec);
  if (!upserted.ok()) return Failure{upserted.status()};
  std::cout << "updated source " << spec.name << " (id " << upserted->first << "): what_or and what_exclude set\n";
  return std::nullopt;
}

void Keywords(CliContext& ctx, const KeywordsFlags& flags) {
  auto email = auth::NormalizeEmail(flags.email);
  if (!email.ok()) return ctx.Fail(email.status(), kExitUsage);
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenMigratedStore(ctx, *config);
  if (!store) return;
  if (std::optional<Failure> failure = Run(store->db(), *config, flags, *email)) {
    ctx.Fail(failure->status, failure->code);
  }
}

}  // namespace

void RegisterSourcesKeywordsCommand(CLI::App& sources, CliContext& ctx) {
  auto* cmd = sources.add_subcommand(
      "keywords", "Let the LLM choose search keywords from a profile (and store them on an Adzuna source)");
  auto flags = std::make_shared<KeywordsFlags>();
  cmd->add_option("--email", flags->email, "The account whose profile the keywords are for")->required();
  cmd->add_option("--source", flags->source, "Store them as this Adzuna source's what_or / what_exclude");
  cmd->callback([&ctx, flags] { Keywords(ctx, *flags); });
}

}  // namespace jobrec::cli
