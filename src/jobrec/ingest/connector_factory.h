// Builds a Connector from a source's kind and JSON parameters, reading secrets from the
// environment variables the parameters name (never from the parameters themselves).
//
// Kinds and their parameters (every kind also takes base_url, timeout_ms and
// min_interval_ms, which default to the provider's host, 30000 and the provider's polite
// interval):
//   adzuna:     country (required: gb, us, de, fr, …), what, what_or, what_exclude, where,
//               results_per_page (1–50, default 50), max_days_old, max_pages (default 100),
//               app_id_env (default "ADZUNA_APP_ID"), app_key_env (default "ADZUNA_APP_KEY")
//   usajobs:    email (required: the User-Agent the key was issued to), keyword,
//               location_name, results_per_page (1–500, default 500), max_pages (default 100),
//               api_key_env (default "USAJOBS_API_KEY")
//   greenhouse: board_token (required), company (default: board_token)
//   lever:      site (required), company (default: site), team, department, location,
//               commitment, limit (1–1000, default 100), max_pages (default 100)
//   remotive:   category, company_name, search, limit (0 = all, the default)
//   arbeitnow:  max_pages (default 50)
// String parameters are JSON strings, numeric ones JSON integers.
//
// Thread-safety: the functions are thread-safe; the Connector returned is not (see
// connector.h).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"
#include "jobrec/ingest/connector.h"

namespace jobrec::ingest {

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// Reads the process environment.
EnvLookup ProcessEnvironment();

struct ConnectorDeps {
  std::shared_ptr<common::HttpClient> http;  // shared by every connector
  EnvLookup env = ProcessEnvironment();
};

// The kinds NewConnector knows, sorted.
std::vector<std::string> ConnectorKinds();

// Errors: InvalidArgument naming the offending field (common::FieldOf gives it): "kind" for an
// unknown kind; the parameter for an unknown parameter, a wrong JSON type, a value out of
// range or a missing required parameter; the *_env parameter when its variable is unset or
// empty (the message names the variable, never a value).
absl::StatusOr<std::unique_ptr<Connector>> NewConnector(const std::string& kind,
                                                        const nlohmann::json& params,
                                                        const ConnectorDeps& deps);

}  // namespace jobrec::ingest
