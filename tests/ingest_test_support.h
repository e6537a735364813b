// Helpers for the ingest integration tests (tests/ingest_*_test.cc): a scripted fake
// Connector, postings built in code, and a fixture that syncs sources into a fresh database.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/ingest/connector.h"
#include "jobrec/ingest/sync.h"
#include "jobrec/store/source_repo.h"
#include "tests/support/test_database.h"

namespace jobrec::testing {

// The pages a fake connector serves, shared between the test and the connectors it opens.
// Cursor: {"page": k}; null is page 0.
struct ConnectorScript {
  std::vector<ingest::Page> pages;  // next_cursor and last are filled in by the connector
  int fail_at_page = -1;            // FetchPage of this page fails (Unavailable) ...
  int failures_left = 0;            // ... this many times
  std::mutex mutex;
  std::vector<nlohmann::json> requested;  // every cursor asked for, in order
};

class FakeConnector : public ingest::Connector {
 public:
  explicit FakeConnector(std::shared_ptr<ConnectorScript> script) : script_(std::move(script)) {}
  absl::StatusOr<ingest::Page> FetchPage(const nlohmann::json& cursor) override;

 private:
  std::shared_ptr<ConnectorScript> script_;
};

// A valid posting (FinalizePosting applied): a distinct text per (title, company, city), unless
// `description` is given.
ingest::Posting MakePosting(const std::string& provider, const std::string& external_id,
                            const std::string& title, const std::string& company = "Acme",
                            const std::string& city = "Austin", std::string description = "");

// A script of one page with `postings`.
std::shared_ptr<ConnectorScript> OnePage(std::vector<ingest::Posting> postings);

// One page of 30 postings in three unrelated groups, 10 each, titled "<group> <variety>":
// "Kubernetes Platform Engineer" (external ids 0-0..0-9), "Pastry Chef" (1-*), "Registered
// Nurse" (2-*). Even postings are remote in Berlin (DE), odd ones onsite in Austin (US);
// posting i of a group is i*10 days old. With `with_salaries`, Berlin pays 80-90k and Austin
// 30-40k EUR a year; otherwise no salary is given. For the recommendation tests.
std::shared_ptr<ConnectorScript> ThreeGroupsScript(bool with_salaries);

// "2026-10-01T00:00:00Z" as a TimePoint; aborts on a typo.
ingest::TimePoint At(const std::string& timestamp);

// Path of a file in the source tree ("data/demo/postings.jsonl.gz").
std::string SourcePath(const std::string& relative);

class IngestTest : public DatabaseTest {
 protected:
  // A source the fake connector serves (kind "fake"); returns its id.
  int64_t AddFakeSource(const std::string& name, bool full_sync = true);
  // A source the real connectors serve.
  int64_t AddSource(const store::SourceSpec& spec);

  // Syncs with the fake connector over `script`.
  absl::StatusOr<store::SyncRunRecord> SyncFake(int64_t source_id, std::shared_ptr<ConnectorScript> script,
                                                ingest::SyncOptions options = {});
  // Syncs with the real connectors.
  absl::StatusOr<store::SyncRunRecord> SyncReal(int64_t source_id, ingest::SyncOptions options = {});

  int64_t Count(const std::string& where = "true");
};

}  // namespace jobrec::testing
