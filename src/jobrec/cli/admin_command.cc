// `jobrec admin grant EMAIL`: makes an existing account an administrator (the first admin
// cannot be made through the API, which only admins may use).
#include <iostream>

#include <CLI/CLI.hpp>

#include "jobrec/auth/email.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/store_runtime.h"

namespace jobrec::cli {

void RegisterAdminCommand(CLI::App& app, CliContext& ctx) {
  auto* admin = app.add_subcommand("admin", "Account administration");
  admin->require_subcommand(1);
  auto* grant = admin->add_subcommand("grant", "Give an existing account the admin role");
  auto email = std::make_shared<std::string>();
  grant->add_option("email", *email, "The account's email address")->required();
  grant->callback([&ctx, email] {
    auto config = ctx.LoadConfig();
    if (!config) return;
    auto normalized = auth::NormalizeEmail(*email);
    if (!normalized.ok()) return ctx.Fail(normalized.status(), kExitUsage);
    auto store = OpenStore(ctx, *config);
    if (!store) return;
    auto migrator = store::Migrator::Embedded();
    if (!migrator.ok()) return ctx.Fail(migrator.status(), kExitFailure);
    if (auto applied = migrator->Apply(store->db()); !applied.ok()) return ctx.Fail(applied.status(), kExitFailure);
    store::AccountRepo accounts(store->db());
    if (absl::Status s = accounts.GrantAdmin(*normalized); !s.ok()) return ctx.Fail(s, kExitFailure);
    std::cout << *normalized << " is now an administrator\n";
  });
}

}  // namespace jobrec::cli
