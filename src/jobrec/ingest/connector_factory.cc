#include "jobrec/ingest/connector_factory.h"

#include <cstdlib>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>

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

  // Optional string parameters, each into its option (left as it is when absent).
  void Strings(std::initializer_list<std::pair<const char*, std::string*>> fields) {
    for (const auto& [name, field] : fields) *field = String(name, *field);
  }

  void Required(const char* name, std::string& field) {
    field = String(name);
    if (field.empty() && error_.ok()) Fail(name, "is required");
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

  // An integer parameter in [min, max] into `field` (left as it is, its default, when absent).
  void Int(const char* name, int& field, int min, int max) {
    field = OptionalInt(name, min, max).value_or(field);
  }
  void Int(const char* name, std::optional<int>& field, int min, int max) {
    if (auto value = OptionalInt(name, min, max)) field = value;
  }

  void MaxPages(int& field) { Int("max_pages", field, 1, 10'000); }

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
    Milliseconds("timeout_ms", http.timeout, 1, 600'000);
    Milliseconds("min_interval_ms", http.min_interval, 0, 3'600'000);
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
  void Milliseconds(const char* name, std::chrono::milliseconds& field, int min, int max) {
    int value = static_cast<int>(field.count());
    Int(name, value, min, max);
    field = std::chrono::milliseconds(value);
  }

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

// A kind's builder: the common HTTP parameters, then `read` for the kind's own, then the
// connector. Parameter problems are reported before the connector's own option checks.
template <typename ConnectorType, typename Options>
Builder BuilderOf(void (*read)(ParamReader&, Options&)) {
  return [read](ParamReader& reader, std::shared_ptr<common::HttpClient> http)
             -> absl::StatusOr<std::unique_ptr<Connector>> {
    Options options;
    reader.Http(options.http);
    read(reader, options);
    JOBREC_RETURN_IF_ERROR(reader.Finish());
    JOBREC_ASSIGN_OR_RETURN(auto connector,
                            ConnectorType::Create(std::move(options), std::move(http)));
    return std::unique_ptr<Connector>(std::move(connector));
  };
}

void ReadAdzuna(ParamReader& in, AdzunaOptions& o) {
  in.Required("country", o.country);
  in.Strings({{"what", &o.what},
              {"what_or", &o.what_or},
              {"what_exclude", &o.what_exclude},
              {"where", &o.where}});
  in.Int("results_per_page", o.results_per_page, 1, 50);
  in.Int("max_days_old", o.max_days_old, 1, 3650);
  in.MaxPages(o.max_pages);
  o.app_id = in.Secret("app_id_env", "ADZUNA_APP_ID");
  o.app_key = in.Secret("app_key_env", "ADZUNA_APP_KEY");
}

void ReadUsajobs(ParamReader& in, UsajobsOptions& o) {
  in.Required("email", o.email);
  in.Strings({{"keyword", &o.keyword}, {"location_name", &o.location_name}});
  in.Int("results_per_page", o.results_per_page, 1, 500);
  in.MaxPages(o.max_pages);
  o.api_key = in.Secret("api_key_env", "USAJOBS_API_KEY");
}

void ReadGreenhouse(ParamReader& in, GreenhouseOptions& o) {
  in.Required("board_token", o.board_token);
  in.Strings({{"company", &o.company}});
}

void ReadLever(ParamReader& in, LeverOptions& o) {
  in.Required("site", o.site);
  in.Strings({{"company", &o.company},
              {"team", &o.team},
              {"department", &o.department},
              {"location", &o.location},
              {"commitment", &o.commitment}});
  in.Int("limit", o.limit, 1, 1000);
  in.MaxPages(o.max_pages);
}

void ReadRemotive(ParamReader& in, RemotiveOptions& o) {
  in.Strings({{"category", &o.category}, {"company_name", &o.company_name}, {"search", &o.search}});
  in.Int("limit", o.limit, 0, 100'000);
}

void ReadArbeitnow(ParamReader& in, ArbeitnowOptions& o) { in.MaxPages(o.max_pages); }

const std::map<std::string, Builder>& Builders() {
  static const auto* builders = new std::map<std::string, Builder>{
      {"adzuna", BuilderOf<AdzunaConnector>(ReadAdzuna)},
      {"arbeitnow", BuilderOf<ArbeitnowConnector>(ReadArbeitnow)},
      {"greenhouse", BuilderOf<GreenhouseConnector>(ReadGreenhouse)},
      {"lever", BuilderOf<LeverConnector>(ReadLever)},
      {"remotive", BuilderOf<RemotiveConnector>(ReadRemotive)},
      {"usajobs", BuilderOf<UsajobsConnector>(ReadUsajobs)}};
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
