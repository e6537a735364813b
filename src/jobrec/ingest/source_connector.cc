#include "jobrec/ingest/source_connector.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "jobrec/ingest/csv_source.h"
#include "jobrec/ingest/jsonl_source.h"
#include "jobrec/ingest/jsonld_connector.h"

namespace jobrec::ingest {
namespace {

constexpr char kShiftParam[] = "shift_seconds";

// Moves every posting's dates by a fixed amount (see shift_seconds above).
class ShiftedConnector : public Connector {
 public:
  ShiftedConnector(std::unique_ptr<Connector> inner, std::chrono::seconds shift)
      : inner_(std::move(inner)), shift_(shift) {}

  absl::StatusOr<Page> FetchPage(const nlohmann::json& cursor) override {
    JOBREC_ASSIGN_OR_RETURN(Page page, inner_->FetchPage(cursor));
    for (Posting& posting : page.postings) {
      if (posting.posted_at) *posting.posted_at += shift_;
      if (posting.expires_at) *posting.expires_at += shift_;
    }
    return page;
  }

 private:
  std::unique_ptr<Connector> inner_;
  std::chrono::seconds shift_;
};

// The kind's own parameters: the source's, with secret references as *_env parameters and
// without the ones every source accepts.
absl::StatusOr<nlohmann::json> KindParams(const store::SourceSpec& spec) {
  if (!spec.params.is_object()) return common::InvalidField("params", "source params must be a JSON object");
  nlohmann::json params = spec.params;
  params.erase(kShiftParam);
  if (!spec.secrets.is_object()) {
    return common::InvalidField("secrets", "source secrets must be a JSON object");
  }
  for (const auto& [name, variable] : spec.secrets.items()) {
    const std::string param = absl::StrCat(name, "_env");
    if (!variable.is_string()) {
      return common::InvalidField("secrets",
                                  absl::StrCat("secret '", name, "' must name an environment variable"));
    }
    if (params.contains(param)) {
      return common::InvalidField("secrets",
                                  absl::StrCat("secret '", name, "' is also given as the parameter ", param));
    }
    params[param] = variable;
  }
  return params;
}

absl::StatusOr<std::chrono::seconds> Shift(const nlohmann::json& params) {
  const auto it = params.find(kShiftParam);
  if (it == params.end()) return std::chrono::seconds(0);
  if (!it->is_number_integer()) {
    return common::InvalidField(kShiftParam, "shift_seconds must be an integer number of seconds");
  }
  return std::chrono::seconds(it->get<int64_t>());
}

absl::StatusOr<std::unique_ptr<Connector>> OpenKind(const std::string& kind, const nlohmann::json& params,
                                                    const ConnectorDeps& deps) {
  if (kind == "jsonl") return NewJsonlSource(params);
  if (kind == "csv") return NewCsvSource(params);
  if (kind == "jsonld") return NewJsonLdConnector(params, deps.http);
  return NewConnector(kind, params, deps);
}

}  // namespace

std::vector<std::string> SourceKinds() {
  std::vector<std::string> kinds = ConnectorKinds();
  kinds.insert(kinds.end(), {"csv", "jsonl", "jsonld"});
  std::sort(kinds.begin(), kinds.end());
  return kinds;
}

bool DefaultFullSync(const std::string& kind) {
  return kind == "jsonl" || kind == "csv" || kind == "jsonld" || kind == "greenhouse" || kind == "lever";
}

absl::StatusOr<std::unique_ptr<Connector>> OpenSourceConnector(const store::SourceSpec& spec,
                                                               const ConnectorDeps& deps) {
  JOBREC_ASSIGN_OR_RETURN(nlohmann::json params, KindParams(spec));
  JOBREC_ASSIGN_OR_RETURN(std::chrono::seconds shift, Shift(spec.params));
  JOBREC_ASSIGN_OR_RETURN(std::unique_ptr<Connector> connector, OpenKind(spec.kind, params, deps));
  if (shift.count() == 0) return connector;
  return std::make_unique<ShiftedConnector>(std::move(connector), shift);
}

absl::Status ValidateSourceSpec(const store::SourceSpec& spec, const ConnectorDeps& deps) {
  const std::vector<std::string> kinds = SourceKinds();
  if (std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end()) {
    return common::InvalidField("kind", absl::StrCat("unknown source kind '", spec.kind, "'"));
  }
  ConnectorDeps without_secrets = deps;
  without_secrets.env = [](const std::string&) -> std::optional<std::string> { return "set-at-sync-time"; };
  return OpenSourceConnector(spec, without_secrets).status();
}

}  // namespace jobrec::ingest
