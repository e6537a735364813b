// `jobrec recommend --email E`: a person's recommendations in a terminal table, from the
// fastText engine run in this process: the newest model version under <state_dir>/models,
// postings that lack its vectors embedded first (as serve's warm-up does), the index built
// from PostgreSQL, and what GET /api/v1/recommendations applies (the profile's remote
// preference unless --remote says otherwise; the person's feedback: rank::RecommendForUser; the
// LLM's ideal postings by llm.ideal_postings_weight when an LLM is configured).
//
//   jobrec recommend --email ada@example.org
//   jobrec recommend --email ada@example.org --limit 5 --remote any --location "Berlin, DE"
//
// Columns: rank, score 0–10, title, company, location, remote, the profile's titles and
// skills the posting matches.
//
// Exit codes: 0 with the table (or a line saying nothing matched); 2 for a bad flag (filter
// values are checked as the API checks them) or configuration value; 1 for an unknown email,
// no profile, no model yet, or a database error.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "jobrec/auth/email.h"
#include "jobrec/cli/application.h"
#include "jobrec/cli/cli_context.h"
#include "jobrec/embed/model_store.h"
#include "jobrec/llm/llm_options.h"
#include "jobrec/profile/profile_json.h"
#include "jobrec/rank/fasttext_service.h"
#include "jobrec/rank/learned_profile.h"
#include "jobrec/rank/recommendation_filter.h"
#include "jobrec/store/account_repo.h"
#include "jobrec/store/migrator.h"
#include "jobrec/store/posting_reader.h"
#include "jobrec/store/profile_repo.h"
#include "jobrec/store/store_runtime.h"

namespace jobrec::cli {
namespace {

struct RecommendFlags {
  std::string email;
  int limit = 10;
  std::string engine = "fasttext";
  rank::RecommendationFilterRequest filter;
};

// One line of the table.
struct Row {
  double score_10 = 0;  // 0–10, one decimal, as the API's score_10
  std::string title, company, location, remote;
  std::vector<std::string> matched;
};

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Characters (UTF-8 code points) a terminal shows for `text`.
size_t DisplayWidth(const std::string& text) {
  return std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); });
}

// `text` cut to at most `width` characters, "…" marking a cut.
std::string Fit(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  size_t kept = 0, end = 0;
  while (end < text.size() && kept < width - 1) {
    ++end;
    while (end < text.size() && IsContinuationByte(text[end])) ++end;
    ++kept;
  }
  return text.substr(0, end) + "…";
}

std::string LocationOf(const store::StoredPosting& posting) {
  if (!posting.location_text.empty()) return posting.location_text;
  std::vector<std::string> parts;
  for (const std::string* part : {&posting.city, &posting.country}) {
    if (!part->empty()) parts.push_back(*part);
  }
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

void PrintTable(const std::vector<Row>& rows, std::ostream& out) {
  const std::vector<std::string> header = {"#", "Score", "Title", "Company", "Location", "Remote",
                                           "Matched"};
  // The last column runs to the end of the line; the others are cut to keep rows aligned.
  const std::vector<size_t> max_width = {3, 5, 40, 24, 24, 7, std::string::npos};
  std::vector<std::vector<std::string>> cells = {header};
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    std::ostringstream score;
    score << std::fixed << std::setprecision(1) << row.score_10;
    cells.push_back({std::to_string(i + 1), score.str(), row.title, row.company, row.location,
                     row.remote, row.matched.empty() ? "-" : absl::StrJoin(row.matched, ", ")});
  }
  std::vector<size_t> width(header.size(), 0);
  for (auto& line : cells) {
    for (size_t c = 0; c < line.size(); ++c) {
      line[c] = Fit(line[c], max_width[c]);
      width[c] = std::max(width[c], DisplayWidth(line[c]));
    }
  }
  for (size_t r = 0; r < cells.size(); ++r) {
    std::string text;
    for (size_t c = 0; c < cells[r].size(); ++c) {
      if (c > 0) text += "  ";
      text += cells[r][c];
      if (c + 1 < cells[r].size()) text += std::string(width[c] - DisplayWidth(cells[r][c]), ' ');
    }
    out << text << "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t w : width) total += w;
      out << std::string(total + 2 * (width.size() - 1), '-') << "\n";
    }
  }
}

// The user's profile; FailedPrecondition when there is none yet.
absl::StatusOr<profile::Profile> ProfileOf(store::Database& db, int64_t user_id, const std::string& email) {
  JOBREC_ASSIGN_OR_RETURN(auto stored, store::ProfileRepo(db).Get(user_id));
  if (!stored) {
    return absl::FailedPreconditionError(
        absl::StrCat(email, " has no profile yet: fill it in (at least one target job title) first"));
  }
  return profile::ProfileFromJson(stored->data);
}

// The engine of the newest model version; FailedPrecondition when there is no model yet.
absl::StatusOr<std::shared_ptr<const rank::FastTextEngine>> NewestEngine(
    store::Database& db, const rank::FastTextServiceOptions& options) {
  auto versions = embed::ListModelVersions(options.models_dir);
  if (!versions.ok() && !absl::IsNotFound(versions.status())) return versions.status();
  if (!versions.ok() || versions->empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no fastText model under ", options.models_dir, " yet: run jobrec train or start jobrec serve first"));
  }
  JOBREC_ASSIGN_OR_RETURN(embed::LoadedModel loaded,
                          embed::LoadModelVersion(options.models_dir + "/" + versions->back().version_id));
  return rank::EngineForModel(db, loaded, options);
}

// The table's rows for the account `email`, best first. Errors: NotFound for an unknown email;
// FailedPrecondition for no profile or no model; InvalidArgument for a bad filter; the
// store's and the engine's otherwise.
absl::StatusOr<std::vector<Row>> Recommend(store::Database& db, const common::Config& config,
                                           const RecommendFlags& flags, const std::string& email) {
  JOBREC_ASSIGN_OR_RETURN(auto login, store::AccountRepo(db).FindLogin(email));
  if (!login) return absl::NotFoundError(absl::StrCat("no account with the email ", email));
  const int64_t user_id = login->user_id;
  JOBREC_ASSIGN_OR_RETURN(profile::Profile profile, ProfileOf(db, user_id, email));
  JOBREC_ASSIGN_OR_RETURN(
      index::SearchFilter filter,
      rank::RecommendationFilter(profile, flags.filter));
  JOBREC_ASSIGN_OR_RETURN(rank::FastTextServiceOptions options, FastTextOptionsFromConfig(config));
  JOBREC_ASSIGN_OR_RETURN(auto engine, NewestEngine(db, options));
  const llm::LlmOptions llm_options = llm::LlmOptionsFromConfig(config);
  const double ideal_postings_weight = IdealPostingsWeight(llm_options, llm::NewLlmRuntime(llm_options).ok());
  // As the API: the learned profile part, reviewed postings left out, accepted rules applied,
  // the ideal postings folded in by the configured weight.
  JOBREC_ASSIGN_OR_RETURN(auto hits, rank::RecommendForUser(db, *engine, user_id, profile, filter,
                                                            static_cast<size_t>(flags.limit),
                                                            ideal_postings_weight));
  std::vector<int64_t> ids;
  for (const auto& hit : hits) ids.push_back(hit.posting_id);
  JOBREC_ASSIGN_OR_RETURN(auto postings, store::PostingReader(db).GetVisible(user_id, ids));
  std::unordered_map<int64_t, const store::StoredPosting*> by_id;
  for (const auto& p : postings) by_id[p.id] = &p;
  std::vector<Row> rows;
  for (const auto& hit : hits) {
    auto it = by_id.find(hit.posting_id);
    if (it == by_id.end()) continue;  // hidden since the index was built
    const store::StoredPosting& p = *it->second;
    const double score = std::clamp(static_cast<double>(hit.score), 0.0, 1.0);
    rows.push_back({.score_10 = std::round(score * 100) / 10,
                    .title = p.title,
                    .company = p.company,
                    .location = LocationOf(p),
                    .remote = p.remote.empty() ? "-" : p.remote,
                    .matched = engine->Explain(profile, p.title, p.description).matched});
  }
  return rows;
}

void Run(CliContext& ctx, const RecommendFlags& flags) {
  if (flags.engine != "fasttext") {
    return ctx.Fail(absl::InvalidArgumentError(absl::StrCat(
                        "--engine ", flags.engine, ": only fasttext runs in this command")),
                    kExitUsage);
  }
  auto email = auth::NormalizeEmail(flags.email);
  if (!email.ok()) return ctx.Fail(email.status(), kExitUsage);
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto store = OpenStore(ctx, *config);
  if (!store) return;
  auto migrator = store::Migrator::Embedded();
  if (!migrator.ok()) return ctx.Fail(migrator.status(), kExitFailure);
  if (auto applied = migrator->Apply(store->db()); !applied.ok()) return ctx.Fail(applied.status(), kExitFailure);

  auto rows = Recommend(store->db(), *config, flags, *email);
  if (!rows.ok()) {
    // A filter value the shared check rejects names its field: report it as the flag.
    const std::string field = common::FieldOf(rows.status());
    if (absl::IsInvalidArgument(rows.status()) && !field.empty()) {
      return ctx.Fail(absl::InvalidArgumentError(absl::StrCat(
                          "--", absl::StrReplaceAll(field, {{"_", "-"}}), ": ", rows.status().message())),
                      kExitUsage);
    }
    return ctx.Fail(rows.status(), kExitFailure);
  }
  if (rows->empty()) {
    std::cout << "No posting matches " << *email << "'s profile and filters.\n";
    return;
  }
  PrintTable(*rows, std::cout);
}

}  // namespace

void RegisterRecommendCommand(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("recommend", "Print a person's recommendations as a table");
  auto flags = std::make_shared<RecommendFlags>();
  cmd->add_option("--email", flags->email, "The account's email address")->required();
  cmd->add_option("--limit", flags->limit, "How many postings (1-100)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--engine", flags->engine, "The engine (fasttext)")->capture_default_str();
  // Optional values arrive through these and become the filter request's only when given.
  auto remote = std::make_shared<std::string>();
  auto min_salary = std::make_shared<double>();
  auto posted_within_days = std::make_shared<int>();
  auto* remote_option =
      cmd->add_option("--remote", *remote, "onsite, hybrid, remote or any (default: the profile's)");
  cmd->add_option("--location", flags->filter.locations, "\"City, CC\", \"CC\" or \"City\" (repeatable)");
  auto* salary_option =
      cmd->add_option("--min-salary", *min_salary, "Annual salary the posting's maximum reaches");
  auto* days_option =
      cmd->add_option("--posted-within-days", *posted_within_days, "Only postings this recent (1-3650)");
  cmd->callback([=, &ctx] {
    if (remote_option->count() > 0) flags->filter.remote = *remote;
    if (salary_option->count() > 0) flags->filter.min_salary = *min_salary;
    if (days_option->count() > 0) flags->filter.posted_within_days = *posted_within_days;
    Run(ctx, *flags);
  });
}

}  // namespace jobrec::cli
