#include "jobrec/ingest/connector_factory.h"

#include <cstdlib>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/ingest/adzuna_connector.h"
#include "jobrec/ingest/arbeitnow_connector.h"
#include "jobrec/ingest/greenhouse_connector.h"
#include "jobrec/ingest/lever_connector.h"
#include "jobrec/ingest/remotive_connector.h"
#include "jobrec/ingest/usajobs_connector.h"

namespace jobrec::ingest {
namespace {

// Reads a source's parameters, remembering the first problem so that the builders below stay
// linear; Finish() reports it, or else any parameter nobody asked for (most likely a typo).
class ParamReader {
 public:
  ParamReader(std::string kind, const nlohmann::json& params, const EnvLookup& env)
      : kind_(std::move(kind)),
        params_(params.is_null() ? nlohmann::json::object() : params),
        env_(env) {
    if (!params_.is_object()) Fail("params", "must be a JSON object");
  }

  std::string String(const char* name, std::string fallback = "") {
    const nlohmann::json* value = Take(name);
    if (value == nullptr) return fallback;
    if (!value->is_string()) {
      Fail(name, "must be a string");
      return fallback;
    }
    return value->get<std::string>();
  }

  std::string RequiredString(const char* name) {
    std::string value = String(name);
    if (value.empty() && error_.ok()) Fail(name, "is required");
    return value;
  }

  std::optional<int> OptionalInt(const char* name, int min, int max) {
    const nlohmann::json* value = Take(name);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number_integer() || value->get<int64_t>() < min || value->get<int64_t>() > max) {
      Fail(name, absl::StrCat("must be an integer between ", min, " and ", max));
      return std::nullopt;
    }
    return static_cast<int>(value->get<int64_t>());
  }

  int Int(const char* name, int fallback, int min, int max) {
    return OptionalInt(name, min, max).value_or(fallback);
  }

  // The value of the environment variable named by parameter `env_param` (default
  // `default_var`).
  std::string Secret(const char* env_param, const char* default_var) {
    const std::string variable = String(env_param, default_var);
    std::optional<std::string> value = env_(variable);
    if ((!value || value->empty()) && error_.ok()) {
      Fail(env_param, absl::StrCat("environment variable ", variable, " is not set"));
    }
    return value.value_or("");
  }

  void Http(ProviderHttpOptions& http) {
    std::string base_url = String("base_url", http.base_url);
    while (absl::EndsWith(base_url, "/")) base_url.pop_back();
    if (!absl::StartsWith(base_url, "http://") && !absl::StartsWith(base_url, "https://")) {
      Fail("base_url", "must start with http:// or https://");
    }
    http.base_url = base_url;
    http.timeout = std::chrono::milliseconds(
        Int("timeout_ms", static_cast<int>(http.timeout.count()), 1, 600'000));
    http.min_interval = std::chrono::milliseconds(
        Int("min_interval_ms", static_cast<int>(http.min_interval.count()), 0, 3'600'000));
  }

  absl::Status Finish() const {
    if (!error_.ok()) return error_;
    for (const auto& [name, value] : params_.items()) {
      if (!taken_.contains(name)) {
        return common::InvalidField(name, absl::StrCat("unknown parameter for ", kind_));
      }
    }
    return absl::OkStatus();
  }

 private:
  const nlohmann::json* Take(const char* name) {
    taken_.insert(name);
    if (!params_.is_object()) return nullptr;
    auto it = params_.find(name);
    return it == params_.end() || it->is_null() ? nullptr : &*it;
  }

  void Fail(const std::string& field, const std::string& message) {
    if (error_.ok())
      error_ = common::InvalidField(field, absl::StrCat(kind_, ": ", field, " ", message));
  }

  std::string kind_;
  nlohmann::json params_;
  const EnvLookup& env_;
  std::set<std::string> taken_;
  absl::Status error_;
};

using Builder = std::function<absl::StatusOr<std::unique_ptr<Connector>>(
    ParamReader&, std::shared_ptr<common::HttpClient>)>;

// Reads the parameters, then builds: parameter problems are reported before option checks.
template <typename ConnectorType, typename Options>
absl::StatusOr<std::unique_ptr<Connector>> Build(ParamReader& reader, Options options,
                                                 std::shared_ptr<common::HttpClient> http) {
  JOBREC_RETURN_IF_ERROR(reader.Finish());
  JOBREC_ASSIGN_OR_RETURN(auto connector,
                          ConnectorType::Create(std::move(options), std::move(http)));
  return std::unique_ptr<Connector>(std::move(connector));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildAdzuna(ParamReader& reader,
                                                       std::shared_ptr<common::HttpClient> http) {
  AdzunaOptions options;
  reader.Http(options.http);
  options.country = reader.RequiredString("country");
  options.what = reader.String("what");
  options.what_or = reader.String("what_or");
  options.what_exclude = reader.String("what_exclude");
  options.where = reader.String("where");
  options.results_per_page = reader.Int("results_per_page", options.results_per_page, 1, 50);
  options.max_days_old = reader.OptionalInt("max_days_old", 1, 3650);
  options.max_pages = reader.Int("max_pages", options.max_pages, 1, 10'000);
  options.app_id = reader.Secret("app_id_env", "ADZUNA_APP_ID");
  options.app_key = reader.Secret("app_key_env", "ADZUNA_APP_KEY");
  return Build<AdzunaConnector>(reader, std::move(options), std::move(http));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildUsajobs(ParamReader& reader,
                                                        std::shared_ptr<common::HttpClient> http) {
  UsajobsOptions options;
  reader.Http(options.http);
  options.email = reader.RequiredString("email");
  options.keyword = reader.String("keyword");
  options.location_name = reader.String("location_name");
  options.results_per_page = reader.Int("results_per_page", options.results_per_page, 1, 500);
  options.max_pages = reader.Int("max_pages", options.max_pages, 1, 10'000);
  options.api_key = reader.Secret("api_key_env", "USAJOBS_API_KEY");
  return Build<UsajobsConnector>(reader, std::move(options), std::move(http));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildGreenhouse(
    ParamReader& reader, std::shared_ptr<common::HttpClient> http) {
  GreenhouseOptions options;
  reader.Http(options.http);
  options.board_token = reader.RequiredString("board_token");
  options.company = reader.String("company");
  return Build<GreenhouseConnector>(reader, std::move(options), std::move(http));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildLever(ParamReader& reader,
                                                      std::shared_ptr<common::HttpClient> http) {
  LeverOptions options;
  reader.Http(options.http);
  options.site = reader.RequiredString("site");
  options.company = reader.String("company");
  options.team = reader.String("team");
  options.department = reader.String("department");
  options.location = reader.String("location");
  options.commitment = reader.String("commitment");
  options.limit = reader.Int("limit", options.limit, 1, 1000);
  options.max_pages = reader.Int("max_pages", options.max_pages, 1, 10'000);
  return Build<LeverConnector>(reader, std::move(options), std::move(http));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildRemotive(ParamReader& reader,
                                                         std::shared_ptr<common::HttpClient> http) {
  RemotiveOptions options;
  reader.Http(options.http);
  options.category = reader.String("category");
  options.company_name = reader.String("company_name");
  options.search = reader.String("search");
  options.limit = reader.Int("limit", options.limit, 0, 100'000);
  return Build<RemotiveConnector>(reader, std::move(options), std::move(http));
}

absl::StatusOr<std::unique_ptr<Connector>> BuildArbeitnow(
    ParamReader& reader, std::shared_ptr<common::HttpClient> http) {
  ArbeitnowOptions options;
  reader.Http(options.http);
  options.max_pages = reader.Int("max_pages", options.max_pages, 1, 10'000);
  return Build<ArbeitnowConnector>(reader, std::move(options), std::move(http));
}

const std::map<std::string, Builder>& Builders() {
  static const auto* builders = new std::map<std::string, Builder>{
      {"adzuna", BuildAdzuna}, {"arbeitnow", BuildArbeitnow}, {"greenhouse", BuildGreenhouse},
      {"lever", BuildLever},   {"remotive", BuildRemotive},   {"usajobs", BuildUsajobs}};
  return *builders;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::vector<std::string> ConnectorKinds() {
  std::vector<std::string> kinds;
  for (const auto& [kind, builder] : Builders()) kinds.push_back(kind);
  return kinds;
}

absl::StatusOr<std::unique_ptr<Connector>> NewConnector(const std::string& kind,
                                                        const nlohmann::json& params,
                                                        const ConnectorDeps& deps) {
  auto it = Builders().find(kind);
  if (it == Builders().end()) {
    return common::InvalidField("kind", absl::StrCat("unknown connector kind '", kind, "' (known: ",
                                                     absl::StrJoin(ConnectorKinds(), ", "), ")"));
  }
  ParamReader reader(kind, params, deps.env);
  return it->second(reader, deps.http);
}

}  // namespace jobrec::ingest
