// Turns a configured source (store/source_repo.h) into a Connector: the kind picks the
// implementation, the parameters configure it, and each secret reference
// {"app_key": "ADZUNA_APP_KEY"} becomes the parameter app_key_env, so the connector reads the
// secret from that environment variable when it is built (connector_factory.h).
//
// Kinds: "jsonl" (jsonl_source.h), "csv" (csv_source.h), "jsonld" (jsonld_connector.h) and
// every kind of connector_factory.h. Besides a kind's own parameters, every source accepts
//   shift_seconds  (integer) moves posted_at and expires_at of every posting by this many
//                  seconds: the demo corpus is dated around a fixed reference date and is
//                  rebased once, at its first load, so that its newest posting is "now".
//
// Thread-safety: the functions are thread-safe; the Connector returned is not (connector.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobrec/common/status.h"
#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/connector_factory.h"
#include "jobrec/store/source_repo.h"

namespace jobrec::ingest {

// Every kind a source may have, sorted.
std::vector<std::string> SourceKinds();

// Whether each pass of a source of this kind delivers the source's whole current set, so that
// a posting it no longer delivers can be expired (store/posting_writer.h): files, Greenhouse
// boards, Lever sites and JSON-LD page lists do; the search APIs (Adzuna, USAJobs, Remotive,
// Arbeitnow) are synced incrementally and capped, so their postings expire by date only.
bool DefaultFullSync(const std::string& kind);

// Errors: InvalidArgument naming the field ("kind", "secrets", or the parameter) for an
// unknown kind, bad parameters, a secret whose variable is unset; the file sources' errors
// (NotFound for a missing file).
absl::StatusOr<std::unique_ptr<Connector>> OpenSourceConnector(const store::SourceSpec& spec,
                                                               const ConnectorDeps& deps);

// Checks a source's configuration without its secrets being set: for `jobrec sources add`,
// which may run where the provider's keys are not. Errors as OpenSourceConnector.
absl::Status ValidateSourceSpec(const store::SourceSpec& spec, const ConnectorDeps& deps);

}  // namespace jobrec::ingest
